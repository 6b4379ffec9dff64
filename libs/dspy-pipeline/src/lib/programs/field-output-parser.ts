import type { AxSignature } from '@ax-llm/ax';

type OutputField = ReturnType<AxSignature['getOutputFields']>[number];

/** A signature's output fields, indexed once per signature object. */
interface FieldIndex {
  fields: readonly OutputField[];
  byTitle: ReadonlyMap<string, OutputField>;
  /** Any `Title:` of this signature anywhere in a line, case-insensitive. */
  anyTitle: RegExp;
  /** Every field has a type this parser handles (else it always defers to Ax). */
  supported: boolean;
}

const indexes = new WeakMap<AxSignature, FieldIndex>();

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function indexOf(sig: AxSignature): FieldIndex {
  let idx = indexes.get(sig);
  if (!idx) {
    const fields = sig.getOutputFields();
    // Strings and string lists; single class values (a class list defers to Ax).
    const supported = fields.every((f) => {
      const t = f.type?.name ?? 'string';
      return t === 'string' || (t === 'class' && !f.type?.isArray);
    });
    idx = {
      fields,
      byTitle: new Map(fields.map((f) => [f.title, f])),
      anyTitle: new RegExp(`(?:${fields.map((f) => escapeRe(f.title)).join('|')})\\s*:`, 'i'),
      supported,
    };
    indexes.set(sig, idx);
  }
  return idx;
}

/**
 * Reads a model reply written in Ax's `Field Title: value` format for `sig`, accepting only
 * replies whose reading is unambiguous: fields in signature order, each title once at the
 * start of a line, no other line mentioning a title, strings non-empty, string lists as JSON
 * arrays of strings, class values spelled exactly as an option, every required field present.
 * Internal fields (`reasoning!`) are read but left out, as Ax does. Returns undefined for
 * anything else, and the caller hands the reply to Ax's own parser; on what it accepts, the
 * result equals Ax's (`direct-forward.spec.ts` compares both on a corpus of replies).
 */
export function parseFieldOutput(
  sig: AxSignature,
  content: string,
): Record<string, unknown> | undefined {
  const idx = indexOf(sig);
  if (!idx.supported) return undefined;
  const raw = new Map<OutputField, string[]>();
  let current: string[] | undefined;
  let lastOrder = -1;
  for (const line of content.split('\n')) {
    const colon = line.indexOf(':');
    const field = colon > 0 ? idx.byTitle.get(line.slice(0, colon)) : undefined;
    if (field) {
      const order = idx.fields.indexOf(field);
      if (order <= lastOrder || raw.has(field)) return undefined;
      lastOrder = order;
      const rest = line.slice(colon + 1);
      if (idx.anyTitle.test(rest)) return undefined;
      current = [rest];
      raw.set(field, current);
    } else if (current) {
      if (idx.anyTitle.test(line)) return undefined;
      current.push(line);
    } else if (line.trim() !== '') {
      return undefined;
    }
  }
  const out: Record<string, unknown> = {};
  for (const f of idx.fields) {
    const lines = raw.get(f);
    if (lines === undefined) {
      if (!f.isOptional) return undefined;
      continue;
    }
    const value = lines.join('\n').trim();
    const parsed = typedValue(f, value);
    if (parsed === undefined) return undefined;
    if (!f.isInternal) out[f.name] = parsed;
  }
  return out;
}

function typedValue(f: OutputField, value: string): unknown {
  if (value === '') return undefined;
  if (f.type?.name === 'class') {
    const options = (f.type as { options?: readonly string[] }).options ?? [];
    return options.includes(value) ? value : undefined;
  }
  if (f.type?.isArray) {
    if (!value.startsWith('[')) return undefined;
    let arr: unknown;
    try {
      arr = JSON.parse(value);
    } catch {
      return undefined;
    }
    return Array.isArray(arr) && arr.every((x) => typeof x === 'string' && x.trim() !== '')
      ? arr
      : undefined;
  }
  return value;
}
