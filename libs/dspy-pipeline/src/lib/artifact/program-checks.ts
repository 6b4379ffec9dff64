import { scrubJson, scrubText } from '@cited/pii-scrub';
import type { QaProgram } from './program-schema';

/**
 * Names a program may have: it is echoed in every answer and shown in MLflow, so it is an
 * identifier, not free text (letters, digits, `.`, `_`, `-` and spaces; up to 100 characters,
 * starting with a letter or digit).
 */
export const PROGRAM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$/;

/**
 * Why a program's name may not be served, or null when it may: it must match
 * {@link PROGRAM_NAME_PATTERN} and hold nothing pii-scrub would replace (an email, a key id).
 * The message never repeats the name.
 */
export function programNameProblem(name: string): string | null {
  if (!PROGRAM_NAME_PATTERN.test(name))
    return `name must be 1-100 characters of letters, digits, ".", "_", "-" and spaces, starting with a letter or digit (${name.length} characters given).`;
  if (scrubText(name).findings.length > 0)
    return 'name holds personal data or a secret (pii-scrub replaces part of it); rename the program.';
  return null;
}

/**
 * Why a program holds text that was not scrubbed, or null when everything pii-scrub would
 * replace is already replaced: module instructions and demos (training rows) are scrubbed
 * when Cited writes a program (`serializeProgram`), so unscrubbed text means the file was
 * written some other way. Names the module and the place, never the text.
 */
export function unscrubbedTextProblem(program: QaProgram): string | null {
  for (const name of ['reasoner', 'verifier'] as const) {
    const mod = program.modules[name];
    if (!mod) continue;
    if (scrubText(mod.instruction).findings.length > 0)
      return `modules.${name}.instruction holds personal data or a secret.`;
    for (const [i, demo] of mod.demos.entries()) {
      if (scrubJson(demo).findings.length > 0)
        return `modules.${name}.demos.${i} holds personal data or a secret (demos are scrubbed when Cited saves a program).`;
    }
  }
  return null;
}
