import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import type { ModuleSpec } from '../programs/module-spec';
import { REASONER_SIGNATURE } from '../programs/reasoner-program';
import { VERIFIER_SIGNATURE } from '../programs/verifier-program';
import { signatureHash } from '../programs/module-spec';
import { computeProgramId } from './build-program';
import { canonicalJson } from './canonical-json';
import { scrubDemos } from './demo-scrubber';
import { jsonErrorText, programIssueText } from './program-issue-text';
import { PROGRAM_MIGRATIONS } from './program-migrations';
import {
  PROGRAM_FORMAT,
  PROGRAM_SCHEMA_VERSION,
  qaProgramSchema,
  type QaProgram,
} from './program-schema';

/** Largest program.json accepted (bytes). Programs are instructions and a few demos. */
export const MAX_PROGRAM_BYTES = 1024 * 1024;

/** The signatures the running code understands, per module. */
export const CURRENT_SIGNATURES: Readonly<Record<'reasoner' | 'verifier', string>> = {
  reasoner: REASONER_SIGNATURE,
  verifier: VERIFIER_SIGNATURE,
};

/** Options of {@link parseProgram} and {@link loadProgram}. */
export interface LoadProgramOptions {
  /** Default {@link MAX_PROGRAM_BYTES}. */
  maxBytes?: number;
}

/** Options of {@link saveProgram}. */
export interface SaveProgramOptions {
  maxBytes?: number;
  /** Scrubs demos (training rows) before they are written. Default: pii-scrub. */
  scrub?: (demos: ModuleSpec['demos']) => ModuleSpec['demos'];
}

/**
 * Validates a program read from `source` (a path or `mlflow:<run>/program/program.json`):
 * format, schema version (older migrated, newer refused), zod schema, id integrity, and that
 * every module's signature is the one the running code uses.
 * @throws DspyPipelineError `invalid_program` or `incompatible_program`, naming `source` and the field.
 */
export function parseProgram(
  text: string,
  source: string,
  options: LoadProgramOptions = {},
): QaProgram {
  const maxBytes = options.maxBytes ?? MAX_PROGRAM_BYTES;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) {
    throw new DspyPipelineError(
      'invalid_program',
      `program is ${size} bytes, over the ${maxBytes}-byte limit.`,
      {
        where: source,
        fix: 'Keep fewer or shorter demos (optimize --max-demos).',
      },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DspyPipelineError('invalid_program', `is not valid JSON (${jsonErrorText(err)}).`, {
      where: source,
      cause: err,
    });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DspyPipelineError('invalid_program', 'must contain a JSON object.', {
      where: source,
    });
  }
  let obj = raw as Record<string, unknown>;
  if (obj['format'] !== PROGRAM_FORMAT) {
    throw new DspyPipelineError('invalid_program', `format must be "${PROGRAM_FORMAT}".`, {
      where: `${source}: format`,
      fix: 'Point at a program.json written by Cited.',
    });
  }
  const version = obj['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new DspyPipelineError(
      'invalid_program',
      'schemaVersion must be a non-negative integer.',
      { where: `${source}: schemaVersion` },
    );
  }
  if (version > PROGRAM_SCHEMA_VERSION) {
    throw new DspyPipelineError(
      'incompatible_program',
      `schemaVersion ${version} is newer than this code understands (${PROGRAM_SCHEMA_VERSION}).`,
      {
        where: `${source}: schemaVersion`,
        fix: 'Upgrade Cited, or re-export the program with this version.',
      },
    );
  }
  let migrated = false;
  for (let v = version; v < PROGRAM_SCHEMA_VERSION; v++) {
    const step = PROGRAM_MIGRATIONS[v];
    if (!step) {
      throw new DspyPipelineError('incompatible_program', `no migration from schemaVersion ${v}.`, {
        where: `${source}: schemaVersion`,
      });
    }
    obj = step(obj);
    migrated = true;
  }
  const parsed = qaProgramSchema.safeParse(obj);
  if (!parsed.success) {
    const { path, message } = programIssueText(parsed.error.issues[0]);
    throw new DspyPipelineError('invalid_program', `field ${path} ${message}.`, {
      where: `${source}: ${path}`,
      fix: 'Regenerate the program with eval-runner, or fix the field.',
    });
  }
  const program = parsed.data;
  checkSignatures(program, source);
  const expectedId = computeProgramId(program);
  if (migrated) return { ...program, id: expectedId };
  if (program.id !== expectedId) {
    throw new DspyPipelineError(
      'invalid_program',
      `id ${program.id} does not match its content (expected ${expectedId}); the file was edited by hand or damaged.`,
      {
        where: `${source}: id`,
        fix: 'Regenerate the program, or set id to the expected value if the edit was intended.',
      },
    );
  }
  return program;
}

function checkSignatures(program: QaProgram, source: string): void {
  for (const name of ['reasoner', 'verifier'] as const) {
    const mod = program.modules[name];
    if (!mod) continue;
    const expected = CURRENT_SIGNATURES[name];
    if (mod.signature !== expected || mod.signatureHash !== signatureHash(expected)) {
      throw new DspyPipelineError(
        'incompatible_program',
        `the ${name} signature differs from the one this code runs (hash ${mod.signatureHash} vs ${signatureHash(expected)}).`,
        {
          where: `${source}: modules.${name}.signature`,
          fix: 'Re-optimize the program with this version of Cited.',
        },
      );
    }
    const fields = signatureFieldNames(expected);
    for (const [i, demo] of mod.demos.entries()) {
      const extra = Object.keys(demo).filter((k) => !fields.has(k));
      if (extra.length > 0) {
        // The field names come from the file: counted, not quoted.
        throw new DspyPipelineError(
          'invalid_program',
          `demo ${i} has ${extra.length} field(s) that are not in the signature.`,
          {
            where: `${source}: modules.${name}.demos.${i}`,
          },
        );
      }
    }
  }
}

function signatureFieldNames(signature: string): Set<string> {
  const names = new Set<string>();
  for (const m of signature.matchAll(/(?:^|,|->)\s*([A-Za-z_]\w*)[?!]?\s*:/g))
    if (m[1]) names.add(m[1]);
  return names;
}

/** Reads and validates a program.json (see {@link parseProgram}). */
export async function loadProgram(
  path: string,
  options: LoadProgramOptions = {},
): Promise<QaProgram> {
  const maxBytes = options.maxBytes ?? MAX_PROGRAM_BYTES;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new DspyPipelineError('invalid_program', 'cannot be read (missing file?).', {
      where: path,
      fix: 'Check CITED_PROGRAM_PATH or the path given.',
      cause: err,
    });
  }
  if (size > maxBytes) {
    throw new DspyPipelineError(
      'invalid_program',
      `program is ${size} bytes, over the ${maxBytes}-byte limit.`,
      { where: path },
    );
  }
  return parseProgram(await readFile(path, 'utf8'), path, options);
}

/**
 * Renders a program as the exact text written to disk: demos scrubbed, id recomputed,
 * validated, pretty-printed with sorted keys.
 */
export function serializeProgram(program: QaProgram, options: SaveProgramOptions = {}): string {
  const scrub = options.scrub ?? scrubDemos;
  const modules: QaProgram['modules'] = {};
  for (const name of ['reasoner', 'verifier'] as const) {
    const mod = program.modules[name];
    if (mod) modules[name] = { ...mod, demos: scrub(mod.demos) };
  }
  const scrubbed = { ...program, modules };
  const withId = { ...scrubbed, id: computeProgramId(scrubbed) };
  const text = `${JSON.stringify(JSON.parse(canonicalJson(withId)), null, 2)}\n`;
  parseProgram(text, 'program being saved', options);
  return text;
}

/** Writes program.json atomically (temp file in the same directory, then rename). */
export async function saveProgram(
  path: string,
  program: QaProgram,
  options: SaveProgramOptions = {},
): Promise<QaProgram> {
  const text = serializeProgram(program, options);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return parseProgram(text, path, options);
}
