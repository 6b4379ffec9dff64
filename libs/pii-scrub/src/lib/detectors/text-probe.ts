import type { TriggerSpec } from './trigger-spec';

/** Detectors a {@link TextProbe} can gate: one bit each in a small integer. */
export const PROBE_SLOTS = 30;
/** Bit set by {@link TextProbe.scan} when the text holds an ASCII digit (outside the slots). */
const DIGIT_BIT = 1 << PROBE_SLOTS;

/** Trie symbol that stands for a whitespace run (`\s+`); ASCII letters are folded to lower case. */
const SPACE = 0;
/** Symbols are ASCII codes (SPACE replaces NUL, which no trigger may contain). */
const ALPHABET = 128;

/** Same set as the regex `\s` (ECMAScript WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Trie symbol of a character code, or -1 when no trigger can contain it. */
function symbolOf(c: number): number {
  if (c >= 65 && c <= 90) return c | 32;
  if (isSpaceCode(c)) return SPACE;
  return c > 0 && c < ALPHABET ? c : -1;
}

/**
 * One pass over a text that tells which detectors can possibly match, from the literal
 * triggers each detector declares (ASCII, case-insensitive; see {@link TriggerSpec}).
 *
 * All triggers are compiled into one Aho-Corasick automaton (a flat transition table), so
 * the scan costs one table lookup per character whatever the number of triggers. A combined
 * regex was used first; with hundreds of literals whose first letters are common (`s`, `a`,
 * `p`, `t`), V8 tried the alternation at about every second character and the probe cost
 * more than all detectors together.
 *
 * Exact: a whitespace run in the text is one {@link SPACE} symbol, as in the triggers, and
 * every trigger occurring anywhere contributes its detectors' bits.
 */
export class TextProbe {
  /** Column of each ASCII code in {@link delta}; 0 for characters no trigger contains. */
  private readonly column = new Uint8Array(ALPHABET);
  /** Columns per state: one per distinct trigger symbol, plus column 0. */
  private readonly width: number;
  /** `delta[state * width + column]`: the next state (goto and failure links folded in). */
  private readonly delta: Uint16Array | Uint32Array;
  /** Bits of the detectors whose trigger ends at a state, its failure chain included. */
  private readonly out: Int32Array;
  private readonly gated: number;

  constructor(detectors: ReadonlyArray<{ readonly triggers?: readonly TriggerSpec[] }>) {
    const literals: Array<[number[], number]> = [];
    // Digits ride along as one-character literals: the scan learns "has a digit" for free and
    // detectors whose every match holds a digit skip digit-free texts (prose) without a regex.
    let gated = DIGIT_BIT;
    for (let c = 48; c <= 57; c++) literals.push([[c], DIGIT_BIT]);
    detectors.forEach((d, i) => {
      if (!d.triggers || i >= PROBE_SLOTS) return;
      const bit = 1 << i;
      gated |= bit;
      for (const spec of d.triggers) {
        const words = typeof spec === 'string' ? [spec] : spec.next.map((n) => spec.word + n);
        for (const w of words) literals.push([TextProbe.symbols(w), bit]);
      }
    });
    // A narrow table (only the symbols triggers use) stays in cache; upper case shares the
    // lower-case column, every whitespace character the SPACE column.
    let width = 1;
    for (const [syms] of literals)
      for (const sym of syms) if (this.column[sym] === 0) this.column[sym] = width++;
    for (let c = 65; c <= 90; c++) this.column[c] = this.column[c | 32] as number;
    for (let c = 1; c < ALPHABET; c++)
      if (isSpaceCode(c)) this.column[c] = this.column[SPACE] as number;
    const spaceColumn = this.column[SPACE] as number;
    this.column[SPACE] = 0;
    this.spaceColumn = spaceColumn;
    this.width = width;
    // The trie: goto[state * width + column], 0 for none (the root is nobody's child).
    const goto: number[] = new Array<number>(width).fill(0);
    const out: number[] = [0];
    /** Column each state is entered on (its trigger's last symbol); none for the root. */
    const label: number[] = [0];
    for (const [syms, bit] of literals) {
      let state = 0;
      for (const sym of syms) {
        const col = sym === SPACE ? spaceColumn : (this.column[sym] as number);
        let child = goto[state * width + col] ?? 0;
        if (child === 0) {
          child = out.length;
          goto[state * width + col] = child;
          label.push(col);
          for (let k = 0; k < width; k++) goto.push(0);
          out.push(0);
        }
        state = child;
      }
      out[state] = (out[state] ?? 0) | bit;
    }
    // Breadth-first: fill missing transitions from the failure state and inherit its output.
    // Column 0 (a character in no trigger) always leads back to the root.
    const delta = out.length < 0x10000 ? Uint16Array.from(goto) : Uint32Array.from(goto);
    const fail = new Uint32Array(out.length);
    const queue: number[] = [];
    for (let col = 1; col < width; col++) if (delta[col] !== 0) queue.push(delta[col] as number);
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q] as number;
      out[state] = (out[state] ?? 0) | (out[fail[state] as number] ?? 0);
      for (let col = 1; col < width; col++) {
        const i = state * width + col;
        const viaFail = delta[(fail[state] as number) * width + col] as number;
        if (goto[i] !== 0) {
          fail[goto[i] as number] = viaFail;
          queue.push(goto[i] as number);
        } else delta[i] = viaFail;
      }
    }
    // A whitespace run is one SPACE symbol: every state entered on SPACE stays put on more
    // whitespace. When no trigger starts with SPACE, SPACE can also lead to the root, whose
    // SPACE transition is then the root itself. The scan needs no run-tracking branch.
    if (spaceColumn !== 0)
      for (let state = 1; state < out.length; state++)
        if (label[state] === spaceColumn) delta[state * width + spaceColumn] = state;
    this.delta = delta;
    this.out = Int32Array.from(out);
    this.gated = gated;
  }

  /** Column of the SPACE symbol (0 when no trigger has whitespace). */
  private readonly spaceColumn: number;

  /** A trigger as trie symbols; whitespace runs collapse into one {@link SPACE}. */
  private static symbols(word: string): number[] {
    const syms: number[] = [];
    for (let i = 0; i < word.length; i++) {
      const s = symbolOf(word.charCodeAt(i));
      if (s < 0) throw new RangeError('A trigger must be ASCII and must not contain NUL.');
      if (s === SPACE && syms[syms.length - 1] === SPACE) continue;
      syms.push(s);
    }
    if (syms.length === 0) throw new RangeError('A trigger must not be empty.');
    return syms;
  }

  /** Bits of the detectors that may match `text`; detectors without triggers always pass. */
  scan(text: string): number {
    let found = ~this.gated;
    const { delta, out, column, width, spaceColumn } = this;
    let state = 0;
    // Column 0 (a character in no trigger) leads every state to the root, which outputs
    // nothing, so the loop is one lookup per character with no per-character branches.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const col = c < ALPHABET ? (column[c] as number) : isSpaceCode(c) ? spaceColumn : 0;
      state = delta[state * width + col] as number;
      const bits = out[state] as number;
      if (bits !== 0) {
        found |= bits;
        if (found === -1) break;
      }
    }
    return found;
  }
}

/** Whether the text {@link TextProbe.scan} returned `bits` for holds an ASCII digit. */
export function hasDigit(bits: number): boolean {
  return (bits & DIGIT_BIT) !== 0;
}

/** Whether detector `i` may run, given the bits {@link TextProbe.scan} returned. */
export function mayRun(bits: number, i: number): boolean {
  return i >= PROBE_SLOTS || (bits & (1 << i)) !== 0;
}
