import type { AxFieldValue } from '@ax-llm/ax';
import type { LlmService } from '../llm/llm-service';
import { canonicalJson } from '../artifact/canonical-json';
import { instantiateModule, type Demo, type ModuleSpec } from '../programs/module-spec';
import { BudgetStop, predictWith } from './module-predict';
import { seededShuffle } from './seeded-random';

/** A bootstrapped prediction counts as a demo from this metric score on (Ax's and DSPy's default). */
export const BOOTSTRAP_THRESHOLD = 0.5;

/** Labeled examples shown to the teacher (DSPy's `max_labeled_demos` default). */
export const MAX_LABELED = 16;

/** Arguments of {@link bootstrapDemos}. */
export interface BootstrapDemosArgs {
  start: ModuleSpec;
  programId: string;
  /** The model that answers the training examples. */
  teacher: LlmService;
  /** Training examples, already in the seeded order. */
  train: readonly Record<string, AxFieldValue>[];
  metric: (
    prediction: Record<string, unknown>,
    example: Record<string, AxFieldValue>,
  ) => Promise<number>;
  /** Demos wanted: bootstrapping stops once this many examples passed. */
  wanted: number;
  /** Examples answered at once. */
  concurrency: number;
  /** Stops before the next example is started (a spent budget). */
  shouldStop?: () => boolean;
  /** Takes a task slot shared with devset scoring (first come, first served). */
  acquire?: () => Promise<() => void>;
}

/** The demo pool, and how many training examples it took to fill it. */
export interface BootstrapPool {
  demos: Demo[];
  /** Training examples the pool was taken from (the last demo's position, or all tried). */
  tried: number;
  /** Examples actually answered (those in flight may go past the last demo it needed). */
  answered: number;
}

/**
 * Bootstraps demos the way DSPy's BootstrapFewShot does, stopping as it does once it has the
 * demos it needs: the teacher, shown up to {@link MAX_LABELED} other training rows as labeled
 * demos, answers the training examples in their (seeded) order, and a
 * prediction whose metric reaches {@link BOOTSTRAP_THRESHOLD} becomes a demo (the example's
 * inputs with the teacher's outputs). Up to `concurrency` examples are answered at once in a
 * window that slides by example rather than by wave: example `i` starts once example
 * `i - concurrency` has been answered (so one slow reply holds back one example, not a whole
 * wave, and slots shared with devset scoring stay busy), unless the examples up to that one
 * already hold `wanted` demos. Which examples are answered thus depends on earlier results
 * only, never on when replies arrive: a re-run sends the same requests. The pool is the first
 * `wanted` passing examples in training order, so the same seed gives the same pool at any
 * concurrency; examples answered past the last one kept are counted in `answered`, not in
 * `tried`.
 */
export async function bootstrapDemos(args: BootstrapDemosArgs): Promise<BootstrapPool> {
  const gen = instantiateModule({ ...args.start, demos: [] }, args.programId);
  const sig = gen.getSignature();
  const inputs = sig.getInputFields().map((f) => f.name);
  const outputs = sig.getOutputFields().map((f) => f.name);
  const spec: ModuleSpec = { ...args.start, demos: [] };
  // Per training example: its demo, or null (failed the metric, or not tried).
  const results: (Demo | null)[] = [];
  // Settles once the example with that index was answered (or not tried, or failed).
  const settled: Promise<unknown>[] = [];
  const window = Math.max(1, Math.min(args.concurrency, args.train.length));
  let next = 0;
  let answered = 0;
  let failure: { error: unknown } | undefined;
  // Whether the examples up to `index - window` alone fill the pool: the decision to start an
  // example depends on those results only, never on when replies arrive, so a re-run sends
  // the same requests (and finds them all in the request cache).
  const fullBefore = async (index: number): Promise<boolean> => {
    const upTo = index - window + 1;
    if (upTo <= 0) return false;
    await Promise.all(settled.slice(0, upTo));
    return results.slice(0, upTo).filter((d) => d !== null).length >= args.wanted;
  };
  const answer = async (index: number): Promise<Demo | null> => {
    const example = args.train[index] as Record<string, AxFieldValue>;
    // The teacher sees labeled examples (the other training rows, gold outputs), as DSPy's
    // BootstrapFewShot teacher does (LabeledFewShot, up to 16).
    const labeled = args.train
      .filter((_, j) => j !== index)
      .slice(0, MAX_LABELED)
      .map((ex) => toDemo(ex, {}, inputs, outputs));
    const teacherSpec: ModuleSpec = { ...spec, demos: labeled };
    let prediction: Record<string, unknown>;
    const release = (await args.acquire?.()) ?? (() => undefined);
    try {
      prediction = await predictWith(teacherSpec, args.programId, args.teacher, example);
    } catch (error) {
      // A spent budget: this example was not tried.
      if (error instanceof BudgetStop) return null;
      throw error;
    } finally {
      release();
    }
    answered++;
    const score = await args.metric(prediction, example);
    return score >= BOOTSTRAP_THRESHOLD ? toDemo(example, prediction, inputs, outputs) : null;
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= args.train.length) return;
      let done = (): void => undefined;
      settled[index] = new Promise<void>((r) => (done = r));
      try {
        if (failure !== undefined || (await fullBefore(index)) || args.shouldStop?.()) {
          results[index] = null;
          return;
        }
        results[index] = await answer(index);
      } catch (error) {
        results[index] = null;
        failure ??= { error };
      } finally {
        done();
      }
    }
  };
  await Promise.all(Array.from({ length: window }, () => worker()));
  if (failure) throw failure.error;
  const passed = results.flatMap((demo, index) => (demo ? [{ index, demo }] : []));
  const kept = passed.slice(0, args.wanted);
  const last = kept.at(-1);
  return {
    demos: kept.map((p) => p.demo),
    tried: kept.length >= args.wanted && last ? last.index + 1 : answered,
    answered,
  };
}

/**
 * Candidate demo sets from a bootstrapped pool: the first `size` demos, then seeded draws
 * from the pool, without repeating a set. At most `trials` candidates.
 */
export function demoCandidates(
  start: ModuleSpec,
  pool: readonly Demo[],
  maxDemos: number,
  trials: number,
  random: () => number,
): ModuleSpec[] {
  if (pool.length === 0) return [];
  const size = Math.min(maxDemos, pool.length);
  const out: ModuleSpec[] = [];
  const tried = new Set<string>();
  for (let t = 0; t < trials; t++) {
    const picked = t === 0 ? pool.slice(0, size) : seededShuffle(pool, random).slice(0, size);
    const key = canonicalJson(picked);
    if (tried.has(key)) continue;
    tried.add(key);
    out.push({ ...start, demos: picked });
  }
  return out;
}

function toDemo(
  example: Record<string, AxFieldValue>,
  prediction: Record<string, unknown>,
  inputs: readonly string[],
  outputs: readonly string[],
): Demo {
  const demo: Demo = {};
  const put = (k: string, v: unknown): void => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)
      demo[k] = v;
    else if (Array.isArray(v)) demo[k] = v.map(String);
  };
  for (const k of inputs) put(k, example[k]);
  for (const k of outputs) put(k, prediction[k] ?? example[k]);
  return demo;
}
