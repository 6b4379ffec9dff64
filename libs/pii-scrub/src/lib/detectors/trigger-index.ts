/** Characters JavaScript's `\s` matches, for triggers that stand for `keyword\s`. */
export const WHITESPACE_CHARS =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** Every `word + c` for each character `c` of `chars`: a keyword that must be followed by one of them. */
export function followedBy(words: readonly string[], chars: string): string[] {
  const out: string[] = [];
  for (const w of words) for (const c of chars) out.push(w + c);
  return out;
}

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Detectors a {@link TriggerIndex} can gate: one bit each in a small integer. */
export const TRIGGER_SLOTS = 30;

/** Whether detector `i` may run, given the bits {@link TriggerIndex.scan} returned. */
export function mayRun(bits: number, i: number): boolean {
  return i >= TRIGGER_SLOTS || (bits & (1 << i)) !== 0;
}

/**
 * One pass over a text that tells which detectors can possibly match, from literal triggers
 * (ASCII, case-insensitive) each detector declares. Replaces one `indexOf`/regex pass per
 * detector with a single scan of one combined regex.
 *
 * Exactness: alternatives are tried longest first, and the scan restarts one character after
 * each hit, so at every position the longest trigger is reported; any shorter trigger that
 * matches at the same position is a prefix of it and its bits are folded in at build time.
 */
export class TriggerIndex {
  private readonly re: RegExp | null;
  private readonly masks = new Map<string, number>();
  /** Bits of every detector that declared triggers. */
  readonly triggeredBits: number;

  /**
   * `triggers[i]` are detector i's triggers (bit `1 << i`); `undefined` = no triggers. Only the
   * first {@link TRIGGER_SLOTS} detectors can be gated; later ones always pass (see `mayRun`).
   */
  constructor(triggers: ReadonlyArray<readonly string[] | undefined>) {
    const own = new Map<string, number>();
    let all = 0;
    triggers.forEach((list, i) => {
      if (!list || i >= TRIGGER_SLOTS) return;
      all |= 1 << i;
      for (const t of list) {
        if (t.length === 0) throw new RangeError('A trigger must not be empty.');
        const k = t.toLowerCase();
        own.set(k, (own.get(k) ?? 0) | (1 << i));
      }
    });
    for (const k of own.keys()) {
      let mask = 0;
      for (const [p, m] of own) if (k.startsWith(p)) mask |= m;
      this.masks.set(k, mask);
    }
    this.triggeredBits = all;
    const keys = [...own.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.re = keys.length > 0 ? new RegExp(keys.map(escapeLiteral).join('|'), 'gi') : null;
  }

  /**
   * Bits of the detectors whose triggers occur in `text`, plus every detector without
   * triggers. Stops early once every triggered detector is known to be needed.
   */
  scan(text: string): number {
    const re = this.re;
    let found = ~this.triggeredBits;
    if (re === null) return found;
    const full = ~0;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      found |= this.masks.get(m[0].toLowerCase()) ?? 0;
      if (found === full) break;
      re.lastIndex = m.index + 1;
    }
    return found;
  }
}
