// The document builder of the faker corpus: appends text and records the exact span of every
// planted value (PII or hard negative), including values inside JSON strings.

/** Accumulates a document's text and the spans of the values planted in it. */
export class DocBuilder {
  text = '';
  spans = [];
  negatives = [];

  put(s) {
    this.text += s;
    return this;
  }

  /** Appends a PII value and records its span (`meta` fields are kept for breakdowns). */
  pii(type, value, meta = {}) {
    const start = this.text.length;
    this.text += value;
    this.spans.push({ type, start, end: this.text.length, ...meta });
    return this;
  }

  /** Appends a hard negative and records its span. */
  neg(kind, value) {
    const start = this.text.length;
    this.text += value;
    this.negatives.push({ kind, start, end: this.text.length });
    return this;
  }

  /** A phrase with one `{v}` slot filled by `write()`. */
  phrase(template, write) {
    const [before, after = ''] = template.split('{v}');
    this.put(before);
    write();
    return this.put(after);
  }
}

/** Writes a planted item: `{ pii: type, value, meta }`, `{ neg: kind, value }` or a literal. */
export function item(b, x) {
  if (x && typeof x === 'object' && 'pii' in x) b.pii(x.pii, x.value, x.meta);
  else if (x && typeof x === 'object' && 'neg' in x) b.neg(x.neg, x.value);
  else b.put(String(x));
}

/** JSON text with planted string values; `entries` is `[key, item | entries[]]`. */
export function json(b, entries, indent, depth = 0) {
  const nl = indent ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const close = indent ? `\n${' '.repeat(indent * depth)}` : '';
  b.put('{');
  entries.forEach(([key, x], i) => {
    b.put(`${i ? ',' : ''}${nl}${JSON.stringify(key)}:${indent ? ' ' : ''}`);
    if (Array.isArray(x)) return json(b, x, indent, depth + 1);
    if (typeof x === 'number') return b.put(String(x));
    const raw = typeof x === 'object' ? x.value : String(x);
    if (JSON.stringify(raw) !== `"${raw}"`) throw new Error(`value needs escaping: ${raw}`);
    b.put('"');
    item(b, x);
    b.put('"');
  });
  b.put(`${close}}`);
}
