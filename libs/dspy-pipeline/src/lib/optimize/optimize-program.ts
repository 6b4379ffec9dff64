import { AxBootstrapFewShot, AxGEPA, type AxFieldValue, type AxGenOut } from '@ax-llm/ax';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import type { LlmService } from '../llm/llm-service';
import { instantiateModule, type Demo, type ModuleSpec } from '../programs/module-spec';
import { REASONER_ID, defaultReasonerSpec } from '../programs/reasoner-program';
import { VERIFIER_ID, defaultVerifierSpec } from '../programs/verifier-program';
import { buildProgram } from '../artifact/build-program';
import type { QaProgram } from '../artifact/program-schema';
import { canonicalJson } from '../artifact/canonical-json';
import { createSeededRandom, seededShuffle } from './seeded-random';

/** A training or dev example: the module's input fields plus the expected outputs. */
export type OptimizeExample = Record<string, AxFieldValue>;

/** Scores a prediction against an example, 0 (wrong) to 1 (right). */
export type OptimizeMetric = (args: {
  prediction: Record<string, unknown>;
  example: OptimizeExample;
}) => number | Promise<number>;

/** One evaluated candidate. */
export interface OptimizeTrial {
  /** 0 is the starting program. */
  index: number;
  kind: 'baseline' | 'candidate';
  /** Mean metric over the devset. */
  score: number;
  module: ModuleSpec;
  /** The full program with this candidate's module. */
  program: QaProgram;
}

/** Arguments of {@link optimize}. */
export interface OptimizeArgs {
  /** The starting `dspy` program. */
  program: QaProgram;
  /** Which module to optimize. Default reasoner. */
  module?: 'reasoner' | 'verifier';
  /** The LLM the optimized program will run on. */
  llm: LlmService;
  /** Produces demos (bootstrap) or proposes instructions (GEPA). Default: `llm`. */
  teacher?: LlmService;
  trainset: readonly OptimizeExample[];
  devset: readonly OptimizeExample[];
  metric: OptimizeMetric;
  optimizer: 'bootstrap' | 'gepa';
  seed: number;
  /** Most demos kept in a candidate. Default 4. */
  maxDemos?: number;
  /** Candidates evaluated after the starting program. Default 8. */
  trials?: number;
  onTrial?: (trial: OptimizeTrial) => void | Promise<void>;
  /** Name of the optimized program. Default: the starting program's name. */
  name?: string;
  /** Name of the metric in the program's `metrics` (`dev_<name>`). Default `score`. */
  metricName?: string;
}

/** The optimized program and every trial. */
export interface OptimizeResult {
  program: QaProgram;
  bestScore: number;
  baselineScore: number;
  trials: OptimizeTrial[];
}

/**
 * Optimizes one Ax module of a `dspy` program with Ax's AxBootstrapFewShot (demos) or AxGEPA
 * (instructions), scoring every candidate on the devset. Reproducible: example order and
 * candidate demo sets come from a PRNG seeded with `seed`, and Bootstrap's demo pool is put
 * in that order, so the same seed, data and LLM responses give the same program. Ties keep
 * the earlier candidate, so a candidate must beat the starting program to replace it.
 * @throws DspyPipelineError `invalid_input` for empty sets or a non-dspy program.
 */
export async function optimize(args: OptimizeArgs): Promise<OptimizeResult> {
  if (args.program.pipeline !== 'dspy') {
    throw new DspyPipelineError(
      'invalid_input',
      `only dspy programs can be optimized (got ${args.program.pipeline}).`,
      { where: 'program.pipeline' },
    );
  }
  if (args.trainset.length === 0 || args.devset.length === 0) {
    throw new DspyPipelineError('invalid_input', 'trainset and devset must both be non-empty.', {
      where: args.trainset.length === 0 ? 'trainset' : 'devset',
      fix: 'Split the dataset so that both parts have examples.',
    });
  }
  const which = args.module ?? 'reasoner';
  const programId = which === 'reasoner' ? REASONER_ID : VERIFIER_ID;
  const start =
    args.program.modules[which] ??
    (which === 'reasoner' ? defaultReasonerSpec() : defaultVerifierSpec());
  const maxDemos = args.maxDemos ?? 4;
  const trialsWanted = args.trials ?? 8;
  const random = createSeededRandom(args.seed);
  const train = seededShuffle(args.trainset, random);
  const trials: OptimizeTrial[] = [];

  const evaluate = async (
    spec: ModuleSpec,
    kind: OptimizeTrial['kind'],
  ): Promise<OptimizeTrial> => {
    const score = await devScore(spec, programId, args);
    const program = withModule(args, which, spec, {});
    const trial: OptimizeTrial = { index: trials.length, kind, score, module: spec, program };
    trials.push(trial);
    await args.onTrial?.(trial);
    return trial;
  };

  let best = await evaluate(start, 'baseline');
  const baselineScore = best.score;
  const candidates =
    args.optimizer === 'bootstrap'
      ? await bootstrapCandidates(args, start, programId, train, maxDemos, trialsWanted, random)
      : await gepaCandidates(args, start, programId, train);
  for (const spec of candidates) {
    const trial = await evaluate(spec, 'candidate');
    if (trial.score > best.score) best = trial;
  }
  const program = withModule(args, which, best.module, {
    [`dev_${args.metricName ?? 'score'}`]: best.score,
    baseline_score: baselineScore,
  });
  return { program, bestScore: best.score, baselineScore, trials };
}

function withModule(
  args: OptimizeArgs,
  which: 'reasoner' | 'verifier',
  spec: ModuleSpec,
  metrics: Record<string, number>,
): QaProgram {
  const p = args.program;
  return buildProgram({
    name: args.name ?? p.name,
    pipeline: 'dspy',
    modules: { ...p.modules, [which]: spec },
    llm: args.llm,
    retriever: p.retriever,
    datasetDigest: p.datasetDigest,
    metrics,
    seed: args.seed,
    createdAt: new Date(p.createdAt),
  });
}

async function devScore(spec: ModuleSpec, programId: string, args: OptimizeArgs): Promise<number> {
  const gen = instantiateModule(spec, programId);
  const inputs = inputFieldNames(gen);
  let total = 0;
  // Sequential on purpose: a scripted or seeded LLM then sees the same call order every run.
  for (const example of args.devset) {
    const values = Object.fromEntries(inputs.map((k) => [k, example[k]]));
    let prediction: Record<string, unknown> = {};
    try {
      prediction = (await gen.forward(args.llm.ai, values, { maxRetries: 1 })) as Record<
        string,
        unknown
      >;
    } catch {
      prediction = {};
    }
    total += await args.metric({ prediction, example });
  }
  return total / args.devset.length;
}

function inputFieldNames(gen: ReturnType<typeof instantiateModule>): string[] {
  return gen
    .getSignature()
    .getInputFields()
    .map((f) => f.name);
}

async function bootstrapCandidates(
  args: OptimizeArgs,
  start: ModuleSpec,
  programId: string,
  train: OptimizeExample[],
  maxDemos: number,
  trials: number,
  random: () => number,
): Promise<ModuleSpec[]> {
  const gen = instantiateModule({ ...start, demos: [] }, programId);
  const teacher = (args.teacher ?? args.llm).ai;
  const bootstrap = new AxBootstrapFewShot({
    studentAI: args.llm.ai,
    teacherAI: teacher,
    seed: args.seed,
    options: {
      maxRounds: 1,
      maxDemos: train.length,
      maxExamples: train.length,
      batchSize: 1,
      earlyStoppingPatience: 0,
      teacherAI: teacher,
    },
  });
  const result = await bootstrap.compile(gen, train, metricFn(args.metric), {
    maxDemos: train.length,
  });
  const fields = new Set([
    ...gen
      .getSignature()
      .getInputFields()
      .map((f) => f.name),
    ...gen
      .getSignature()
      .getOutputFields()
      .map((f) => f.name),
  ]);
  // Put Bootstrap's pool in our seeded order, whatever order it produced.
  const rank = new Map(train.map((ex, i) => [inputKey(ex, gen), i]));
  const pool: Demo[] = [];
  const seen = new Set<string>();
  for (const d of result.demos ?? []) {
    for (const t of d.traces) {
      const demo = toDemo(t as Record<string, unknown>, fields);
      const key = inputKey(demo, gen);
      if (!rank.has(key) || seen.has(key)) continue;
      seen.add(key);
      pool.push(demo);
    }
  }
  pool.sort((a, b) => (rank.get(inputKey(a, gen)) ?? 0) - (rank.get(inputKey(b, gen)) ?? 0));
  if (pool.length === 0) return [];
  const size = Math.min(maxDemos, pool.length);
  const candidates: ModuleSpec[] = [];
  const tried = new Set<string>();
  for (let t = 0; t < trials; t++) {
    const picked = t === 0 ? pool.slice(0, size) : seededShuffle(pool, random).slice(0, size);
    const key = canonicalJson(picked);
    if (tried.has(key)) continue;
    tried.add(key);
    candidates.push({ ...start, demos: picked });
  }
  return candidates;
}

/**
 * Runs AxGEPA and returns every instruction it proposed, in proposal order (accepted or
 * not), so that each one is scored on the devset and reported through `onTrial`.
 * AxGEPA's result only lists its Pareto front; the proposals are captured with its
 * per-round optimizer-logger event (`RoundProgress`, emitted right after a proposal was
 * scored on a minibatch, while that proposal is still applied to the program). Only options
 * of AxGEPA's public types are passed. Its merge step (which combines the components of two
 * candidates) stays on, as it has no public switch; a one-module program has a single
 * component, so a merge can only repeat a parent and adds no new instruction.
 */
async function gepaCandidates(
  args: OptimizeArgs,
  start: ModuleSpec,
  programId: string,
  train: OptimizeExample[],
): Promise<ModuleSpec[]> {
  const gen = instantiateModule(start, programId);
  const proposals: string[] = [];
  const trials = args.trials ?? 8;
  const gepa = new AxGEPA({
    studentAI: args.llm.ai,
    teacherAI: (args.teacher ?? args.llm).ai,
    numTrials: trials,
    seed: args.seed,
    minibatch: true,
    minibatchSize: Math.min(4, train.length),
    earlyStoppingTrials: trials,
    sampleCount: 1,
    // Logger events only (no console output): `verbose` stays off.
    debugOptimizer: true,
    verbose: false,
    optimizerLogger: (data) => {
      if (data.name === 'RoundProgress') proposals.push(gen.getInstruction() ?? '');
    },
  });
  const result = await gepa.compile(gen, train, metricFn(args.metric), {
    validationExamples: [...args.devset],
    maxMetricCalls: Math.max(50, trials * (train.length + args.devset.length) * 2),
  });
  const out: ModuleSpec[] = [];
  const seen = new Set<string>([start.instruction]);
  const consider = (instruction: unknown): void => {
    if (typeof instruction !== 'string' || !instruction.trim() || seen.has(instruction)) return;
    seen.add(instruction);
    out.push({ ...start, instruction });
  };
  for (const p of proposals) consider(p);
  // Accepted candidates are proposals too; kept as a safety net should the event change.
  for (const f of result.paretoFront ?? []) {
    const map = (f.configuration as { componentMap?: Record<string, unknown> }).componentMap;
    for (const [key, value] of Object.entries(map ?? {})) {
      if (key.endsWith('::instruction')) consider(value);
    }
  }
  return out;
}

function metricFn(metric: OptimizeMetric) {
  return async ({
    prediction,
    example,
  }: {
    prediction: unknown;
    example: Record<string, AxFieldValue>;
  }): Promise<number> => metric({ prediction: (prediction ?? {}) as AxGenOut, example });
}

function toDemo(trace: Record<string, unknown>, fields: Set<string>): Demo {
  const demo: Demo = {};
  for (const [k, v] of Object.entries(trace)) {
    if (!fields.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)
      demo[k] = v;
    else if (Array.isArray(v)) demo[k] = v.map(String);
  }
  return demo;
}

function inputKey(
  values: Record<string, unknown>,
  gen: ReturnType<typeof instantiateModule>,
): string {
  return canonicalJson(
    Object.fromEntries(
      gen
        .getSignature()
        .getInputFields()
        .map((f) => [f.name, values[f.name] ?? null]),
    ),
  );
}
