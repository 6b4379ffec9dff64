import { PROBE_FACTS, TextProbe } from './text-probe';

/** The regexes the probe's digit shapes stand for (the pre-tests the detectors used to run). */
const SHAPE_REGEXES: ReadonlyArray<[keyof typeof PROBE_FACTS, RegExp]> = [
  ['digit', /\d/],
  ['nineDigitRun', /\d(?:[ ().\-/\u00a0]{0,3}\d){8}/],
  ['ibanStart', /[A-Z]{2}\d{2}/],
  ['streetNumber', /\d[A-Za-z]?\s+[A-Z\d][A-Za-z\d'.-]*\s+[A-Z\d]/],
  ['ipv4Shape', /\d\.\d{1,3}\.\d{1,3}\.\d/],
];

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fragments the shapes care about (digit groups, separators, capitals, words), weighted
// towards digits, so each shape occurs in many texts and narrowly misses in many more.
const FRAGMENTS = [
  ...['1', '7', '23', '456', '7890', '0', '12', '345'],
  ...['1', '7', '23', '456', '7890', '0', '12', '345'],
  ...[' ', '  ', '-', '.', '(', ')', '/', '\u00a0', '\t', '\u2003', ' - ', '.'],
  ...['1.2', '.34', '5.', '.6.', '255.1', '1.2.3', '.45.6', '1.2345.6'],
  ...['1.2', '.34', '5.', '.6.', '255.1', ' Main ', ' Elm ', ' 7th ', '9B '],
  ...['DE', 'GB', 'Main', 'St', 'a', 'Z', "O'Neil", 'x', 'B', 'st', ':', '_', '#', '+', 'Q-1'],
];
const describeCounts = (m: Map<string, number>) => JSON.stringify(Object.fromEntries(m));

describe('TextProbe digit shapes', () => {
  const probe = new TextProbe([]);

  it('agree with the regexes they replace on 30,000 random texts', () => {
    const rand = prng(20261126);
    const mismatches: string[] = [];
    const seen = new Map<string, number>();
    const missed = new Map<string, number>();
    for (let n = 0; n < 30000; n++) {
      const len = 1 + Math.floor(rand() * 12);
      let text = '';
      for (let k = 0; k < len; k++) text += FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)];
      const bits = probe.scan(text);
      for (const [fact, re] of SHAPE_REGEXES) {
        const expected = re.test(text);
        const tally = expected ? seen : missed;
        tally.set(fact, (tally.get(fact) ?? 0) + 1);
        if (((bits & PROBE_FACTS[fact]) !== 0) !== expected)
          mismatches.push(`${fact}: ${JSON.stringify(text)} expected ${expected}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    // Each shape must have been exercised both ways, or the comparison proves little.
    for (const [fact] of SHAPE_REGEXES) {
      const counts = `${fact}: ${describeCounts(seen)} / ${describeCounts(missed)}`;
      expect([counts, Math.min(seen.get(fact) ?? 0, missed.get(fact) ?? 0) > 300]).toEqual([
        counts,
        true,
      ]);
    }
  });

  it.each([
    ['+1 (415) 555-0132', 'nineDigitRun', true],
    ['12 34 56 78', 'nineDigitRun', false],
    ['123  --  45 6789', 'nineDigitRun', false],
    ['order 1234.5678/9', 'nineDigitRun', true],
    ['iban DE89370400440532013000', 'ibanStart', true],
    ['Dx89', 'ibanStart', false],
    ['1600 Pennsylvania Avenue', 'streetNumber', true],
    ['2026-11-26T11:55:03.123Z INFO [api] ok', 'streetNumber', false],
    ['10.7.31.9', 'ipv4Shape', true],
    ['v1.2345.6.7', 'ipv4Shape', false],
  ] as const)('%j → %s = %s', (text, fact, expected) => {
    expect((probe.scan(text) & PROBE_FACTS[fact]) !== 0).toBe(expected);
  });
});
