import { loadBundledCorpus } from '../corpus/bundled-assets';
import { splitSentences, stripMarkdown, type SentenceSpan } from './sentence-splitter';

const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'no', 'mr', 'mrs', 'ms', 'dr', 'st']);
['approx', 'incl', 'sec', 'art', 'u.s'].forEach((a) => ABBREVIATIONS.add(a));

/** The straightforward splitter (regexes over slices) that the linear one replaced. */
function referenceStrip(sentence: string): string {
  return sentence
    .replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)/, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function referenceSplit(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed.length > 0) {
      spans.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
    }
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      const next = text.slice(i + 1).match(/^[ \t]*(?:[-*+]\s|\d+[.)]\s|#|\n|>|\|)/);
      if (next || text[i - 1] === '\n') push(i + 1);
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    const after = text[i + 1];
    if (after !== undefined && !/\s|["')\]]/.test(after)) continue;
    if (ch === '.') {
      const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 8), i))?.[1]?.toLowerCase();
      if (word && ABBREVIATIONS.has(word)) continue;
      if (
        /\d$/.test(text.slice(0, i)) &&
        /^\s*$/.test(text.slice(text.lastIndexOf('\n', i) + 1, i - 1))
      )
        continue;
    }
    let end = i + 1;
    while (end < text.length && /["')\]]/.test(text[end] ?? '')) end++;
    push(end);
    i = end - 1;
  }
  push(text.length);
  return spans
    .map((s) => ({ ...s, text: referenceStrip(s.text) }))
    .filter((s) => s.text.length > 0);
}

/** Deterministic strings built from the characters and words the splitter reacts to. */
function trickyTexts(count: number): string[] {
  const parts = ['.', '!', '?', '\n', ' ', '\t', '3', '12', 'e.g', 'Mr', 'U.S', '"', ')', ']'];
  parts.push('-', '*', '+', '#', '>', '|', '**', '__', '`', '[a](b)', 'word', 'Ünï', '\u00a0');
  parts.push('  ', '1)', 'etc', '\n\n', '- item', '## Head', 'Rent is $1,200.50 a month');
  parts.push('\r', '\u2028', '\u3000', '\ufeff', ' 7. ', '\n 3. x');
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = '';
    const n = Math.floor(next() * 40);
    for (let j = 0; j < n; j++) s += parts[Math.floor(next() * parts.length)];
    out.push(s);
  }
  return out;
}

describe('splitSentences', () => {
  it('ends sentences at . ! ? before a space or a closer, and keeps offsets into the text', () => {
    const text = 'Rent is income. Is it taxable? Yes ("always")! Done';
    const spans = splitSentences(text);
    expect(spans.map((s) => s.text)).toEqual([
      'Rent is income.',
      'Is it taxable?',
      'Yes ("always")!',
      'Done',
    ]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('does not end a sentence at abbreviations, decimals or ordered-list numbers', () => {
    expect(splitSentences('Costs, e.g. repairs, count. Pay 27.5 years. See Sec. 280A.')).toEqual([
      expect.objectContaining({ text: 'Costs, e.g. repairs, count.' }),
      expect.objectContaining({ text: 'Pay 27.5 years.' }),
      expect.objectContaining({ text: 'See Sec. 280A.' }),
    ]);
    expect(splitSentences('Steps:\n1. Collect rent\n2. Record it').map((s) => s.text)).toEqual([
      'Steps:',
      'Collect rent',
      'Record it',
    ]);
  });

  it('splits at Markdown blocks and strips their decoration', () => {
    const text = 'Intro line\n# Rental income\n- **Rent** paid\n- [Deposits](x.md) kept\n\nLast';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Intro line',
      'Rental income',
      'Rent paid',
      'Deposits kept',
      'Last',
    ]);
  });

  it('gives exactly what the reference splitter gives, on the corpus and on tricky text', async () => {
    const { documents } = await loadBundledCorpus();
    const texts = [...documents.map((d) => d.text), ...trickyTexts(5000)];
    let compared = 0;
    for (const text of texts) {
      expect({ text, spans: splitSentences(text) }).toEqual({ text, spans: referenceSplit(text) });
      compared++;
    }
    expect(compared).toBeGreaterThan(5000);
  });
});

describe('stripMarkdown', () => {
  it('removes list markers, headings, emphasis and link targets, and collapses whitespace', () => {
    expect(stripMarkdown('  - **Rent** is `income`')).toBe('Rent is income');
    expect(stripMarkdown('## See [Form 1040](https://irs.gov/f1040)')).toBe('See Form 1040');
    expect(stripMarkdown('one\t two\u00a0 three\nfour')).toBe('one two three four');
    expect(stripMarkdown('plain sentence')).toBe('plain sentence');
  });

  it('agrees with the reference on tricky text', () => {
    for (const text of trickyTexts(2000)) expect(stripMarkdown(text)).toBe(referenceStrip(text));
  });
});
