import type { z } from 'zod';

/** A schema problem reduced to a field path and a message that never contains the value. */
export interface FieldProblem {
  /** Dotted path with array indexes, e.g. `metadata.source_ids[2]`; `(row)` for the row itself. */
  field: string;
  message: string;
}

/** Formats a zod path as `a.b[2].c`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(row)' : out;
}

/**
 * Turns zod issues into field problems. Union failures are narrowed to the branch that matched the
 * value's type (so `context[2]` is named instead of a vague "invalid input").
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of issues) collect(issue, [], out);
  return out;
}

function collect(issue: z.core.$ZodIssue, prefix: PropertyKey[], out: FieldProblem[]): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    // A branch whose every issue sits below the value itself accepted the value's type.
    const inner = issue.errors.find((branch) => branch.every((i) => i.path.length > 0));
    if (inner) {
      for (const i of inner) collect(i, path, out);
      return;
    }
  }
  out.push({ field: formatFieldPath(path), message: describe(issue) });
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const received = issue.message.match(/received (\w+)/)?.[1];
    if (received === 'undefined') return `required field is missing (expected ${issue.expected})`;
    return `expected ${issue.expected}${received ? `, got ${received}` : ''}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}
