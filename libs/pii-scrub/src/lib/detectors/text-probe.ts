import type { TriggerSpec } from './trigger-spec';

/** Detectors a {@link TextProbe} can gate: one bit each in a small integer. */
export const PROBE_SLOTS = 30;

/** Stands for `\s+` inside a normalised trigger literal. */
const SPACE = '\u0000';
const SPACES = /\s+/g;

/** Lower case, whitespace runs as {@link SPACE}: the form literals and hits are compared in. */
function normalize(s: string): string {
  return s.toLowerCase().replace(SPACES, SPACE);
}

function escapeChar(c: string): string {
  return c === SPACE ? '\\s+' : c.replace(/[.*+?^${}()|[\]\\/-]/, '\\$&');
}

interface TrieNode {
  end: boolean;
  kids: Map<string, TrieNode>;
}

/**
 * Regex source for a trie of literals. Optional tails are greedy, so at any position the
 * match is the longest literal that occurs there; sharing prefixes keeps the engine from
 * trying hundreds of alternatives at every character.
 */
function trieSource(literals: Iterable<string>): string {
  const root: TrieNode = { end: false, kids: new Map() };
  for (const lit of literals) {
    let node = root;
    for (const c of lit) {
      let next = node.kids.get(c);
      if (!next) node.kids.set(c, (next = { end: false, kids: new Map() }));
      node = next;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    const alts = [...node.kids].map(([c, kid]) => escapeChar(c) + emit(kid));
    if (alts.length === 0) return '';
    const body = alts.length === 1 ? (alts[0] as string) : `(?:${alts.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/**
 * One pass over a text that tells which detectors can possibly match, from the literal
 * triggers each detector declares (ASCII, case-insensitive; see {@link TriggerSpec}). All
 * triggers are compiled into one trie-shaped regex, so a text is scanned once instead of
 * once per detector.
 *
 * Exact: the scan restarts one character after each hit, so every position is examined, and
 * at each the longest literal is reported; any shorter literal occurring at the same
 * position is a prefix of it, and its bits are folded in when the index is built.
 */
export class TextProbe {
  private readonly re: RegExp | null;
  private readonly masks = new Map<string, number>();
  private readonly gated: number;

  constructor(detectors: ReadonlyArray<{ readonly triggers?: readonly TriggerSpec[] }>) {
    const own = new Map<string, number>();
    let gated = 0;
    detectors.forEach((d, i) => {
      if (!d.triggers || i >= PROBE_SLOTS) return;
      const bit = 1 << i;
      gated |= bit;
      for (const spec of d.triggers) {
        const words = typeof spec === 'string' ? [spec] : spec.next.map((n) => spec.word + n);
        for (const w of words) {
          const lit = normalize(w);
          if (lit.length === 0) throw new RangeError('A trigger must not be empty.');
          own.set(lit, (own.get(lit) ?? 0) | bit);
        }
      }
    });
    for (const lit of own.keys()) {
      let mask = 0;
      for (const [p, m] of own) if (lit.startsWith(p)) mask |= m;
      this.masks.set(lit, mask);
    }
    this.gated = gated;
    this.re = own.size > 0 ? new RegExp(trieSource(own.keys()), 'gi') : null;
  }

  /** Bits of the detectors that may match `text`; detectors without triggers always pass. */
  scan(text: string): number {
    const re = this.re;
    let found = ~this.gated;
    if (re === null) return found;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      found |= this.masks.get(normalize(m[0])) ?? 0;
      if (found === -1) break;
      re.lastIndex = m.index + 1;
    }
    return found;
  }
}

/** Whether detector `i` may run, given the bits {@link TextProbe.scan} returned. */
export function mayRun(bits: number, i: number): boolean {
  return i >= PROBE_SLOTS || (bits & (1 << i)) !== 0;
}
