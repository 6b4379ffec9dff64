import type { z } from 'zod';
import { moduleSpecSchema } from '../programs/module-spec';
import { programLlmSchema, programRetrieverSchema, qaProgramSchema } from './program-schema';

/**
 * Keys the program schema defines. Any other path segment is a key taken from the file (a
 * metric name, a demo field) and is shown as `<key>`: refusals name where a problem is, never
 * what the file says, since the file may be anything (a probe once pointed one at
 * `/etc/passwd`, and messages echoed its first line).
 */
const SCHEMA_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(qaProgramSchema.shape),
  ...Object.keys(programLlmSchema.shape),
  ...Object.keys(programRetrieverSchema.shape),
  ...Object.keys(moduleSpecSchema.shape),
  'reasoner',
  'verifier',
]);

/** A path into a program, e.g. `modules.reasoner.demos.0.<key>`, without the file's own keys. */
export function programPathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p) => (typeof p === 'number' || SCHEMA_KEYS.has(String(p)) ? String(p) : '<key>'))
    .join('.');
}

/**
 * What is wrong with a field, in the schema's words only. zod's own messages are kept except
 * for unknown keys, whose names come from the file.
 */
export function programIssueText(issue: z.core.$ZodIssue | undefined): {
  path: string;
  message: string;
} {
  if (issue === undefined) return { path: '(root)', message: 'is invalid' };
  const path = programPathText(issue.path);
  if (issue.code === 'unrecognized_keys')
    return { path, message: `has ${issue.keys.length} key(s) the schema does not define` };
  return { path, message: issue.message };
}

/**
 * Why `JSON.parse` refused a text, without the text: V8's messages quote the start of the
 * input ("Unexpected token 'r', "root:x:0:0"... is not valid JSON"), so only a position, when
 * the message names one, is kept.
 */
export function jsonErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `at position ${position}`;
  if (/unexpected end/i.test(message)) return 'the text ends too early';
  return 'not JSON';
}
