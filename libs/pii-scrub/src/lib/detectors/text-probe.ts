import type { TriggerSpec } from './trigger-spec';
import { isSpaceCode } from '../text/char-predicates';
import { continuesDigitRun, isIbanStartAt, isIpv4ShapeAt, isStreetNumberAt } from './digit-shapes';

/** Detectors a {@link TextProbe} can gate: one bit each in a small integer. */
export const PROBE_SLOTS = 26;

/**
 * Facts about a text's digits that {@link TextProbe.scan} reports next to the detector bits
 * (bits {@link PROBE_SLOTS}–31). A detector lists the facts every one of its matches implies
 * (`Detector.needs`) and is skipped on texts that lack one: that replaces a regex pre-test per
 * detector with a few character reads at the digits the scan passes anyway.
 */
export const PROBE_FACTS = {
  /** An ASCII digit. */
  digit: 1 << PROBE_SLOTS,
  /** 9 digits, at most three of ` ().-/` and no-break space between neighbours. */
  nineDigitRun: 1 << (PROBE_SLOTS + 1),
  /** `[A-Z]{2}\d{2}`. */
  ibanStart: 1 << (PROBE_SLOTS + 2),
  /** `\d[A-Za-z]?\s+[A-Z\d][A-Za-z\d'.\-]*\s+[A-Z\d]`. */
  streetNumber: 1 << (PROBE_SLOTS + 3),
  /** `\d\.\d{1,3}\.\d{1,3}\.\d`. */
  ipv4Shape: 1 << (PROBE_SLOTS + 4),
  /**
   * A detector's context trigger (`Detector.contextTriggers`), or any non-ASCII character
   * (context words that are not ASCII). The sign bit: test with `hasFacts`.
   */
  contextWord: 1 << (PROBE_SLOTS + 5),
} as const;

/** Name of a {@link PROBE_FACTS} entry. */
export type ProbeFact = keyof typeof PROBE_FACTS;

const DIGIT_BIT = PROBE_FACTS.digit;
const NINE_DIGIT_RUN = PROBE_FACTS.nineDigitRun;
const IBAN_START = PROBE_FACTS.ibanStart;
const STREET_NUMBER = PROBE_FACTS.streetNumber;
const IPV4_SHAPE = PROBE_FACTS.ipv4Shape;
const CONTEXT_WORD = PROBE_FACTS.contextWord;

const SHAPE_BITS = NINE_DIGIT_RUN | IBAN_START | STREET_NUMBER | IPV4_SHAPE;

/** Trie symbol that stands for a whitespace run (`\s+`); ASCII letters are folded to lower case. */
const SPACE = 0;
/** Symbols are ASCII codes (SPACE replaces NUL, which no trigger may contain). */
const ALPHABET = 128;

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
  /**
   * {@link CONTEXT_WORD} when some detector has context triggers, else 0: set by any non-ASCII
   * character, since triggers are ASCII and context words need not be (`tél`, `電話`).
   */
  private readonly nonAsciiBits: number;

  constructor(
    detectors: ReadonlyArray<{
      readonly triggers?: readonly TriggerSpec[];
      readonly contextTriggers?: readonly TriggerSpec[];
    }>,
  ) {
    const literals: Array<[number[], number]> = [];
    // Digits ride along as one-character literals: the scan learns "has a digit" for free and
    // detectors whose every match holds a digit skip digit-free texts (prose) without a regex.
    let gated = DIGIT_BIT | SHAPE_BITS | CONTEXT_WORD;
    let contextWords = false;
    for (let c = 48; c <= 57; c++) literals.push([[c], DIGIT_BIT]);
    const add = (specs: readonly TriggerSpec[], bit: number) => {
      for (const spec of specs) {
        const words = typeof spec === 'string' ? [spec] : spec.next.map((n) => spec.word + n);
        for (const w of words) literals.push([TextProbe.symbols(w), bit]);
      }
    };
    detectors.forEach((d, i) => {
      if (d.contextTriggers && d.contextTriggers.length > 0) {
        contextWords = true;
        add(d.contextTriggers, CONTEXT_WORD);
      }
      if (!d.triggers || i >= PROBE_SLOTS) return;
      const bit = 1 << i;
      gated |= bit;
      add(d.triggers, bit);
    });
    this.nonAsciiBits = contextWords ? CONTEXT_WORD : 0;
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

  /**
   * Bits of the detectors that may match `text` (detectors without triggers always pass),
   * plus the {@link PROBE_FACTS} that hold for it.
   */
  scan(text: string): number {
    let found = ~this.gated;
    const { delta, out, column, width, spaceColumn, nonAsciiBits } = this;
    let state = 0;
    let run = 0;
    let lastDigit = -1;
    // Column 0 (a character in no trigger) leads every state to the root, which outputs
    // nothing, so the loop is one lookup per character with no per-character branches.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let col = 0;
      if (c < ALPHABET) col = column[c] as number;
      else if (isSpaceCode(c)) col = spaceColumn;
      else found |= nonAsciiBits;
      state = delta[state * width + col] as number;
      const bits = out[state] as number;
      if (bits !== 0) {
        found |= bits;
        // Digits always output DIGIT_BIT (a one-character trigger), so shapes cost nothing
        // on digit-free stretches, and nothing once all are known.
        if ((bits & DIGIT_BIT) !== 0 && (found & SHAPE_BITS) !== SHAPE_BITS) {
          // Most digits sit inside a number: only its ends are worth a closer look.
          const gap = i - lastDigit;
          run = gap === 1 || continuesDigitRun(text, lastDigit, i) ? run + 1 : 1;
          lastDigit = i;
          if (run >= 9) found |= NINE_DIGIT_RUN;
          if (gap === 1 && (found & IBAN_START) === 0 && isIbanStartAt(text, i))
            found |= IBAN_START;
          const next = text.charCodeAt(i + 1);
          if (next < 48 || next > 57) {
            if (next === 46) {
              if ((found & IPV4_SHAPE) === 0 && isIpv4ShapeAt(text, i)) found |= IPV4_SHAPE;
            } else if ((found & STREET_NUMBER) === 0 && isStreetNumberAt(text, i))
              found |= STREET_NUMBER;
          }
        }
        if (found === -1) break;
      }
    }
    return found;
  }
}

/** Whether the text {@link TextProbe.scan} returned `bits` for has every fact in `mask`. */
export function hasFacts(bits: number, mask: number): boolean {
  return (bits & mask) === mask;
}

/** The {@link PROBE_FACTS} bits of `facts`, or'ed. */
export function factMask(facts: readonly ProbeFact[] | undefined): number {
  let mask = 0;
  for (const f of facts ?? []) mask |= PROBE_FACTS[f];
  return mask;
}

/** Whether detector `i` may run, given the bits {@link TextProbe.scan} returned. */
export function mayRun(bits: number, i: number): boolean {
  return i >= PROBE_SLOTS || (bits & (1 << i)) !== 0;
}
