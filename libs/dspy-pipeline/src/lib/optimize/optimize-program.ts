import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import type { ModuleSpec } from '../programs/module-spec';
import { REASONER_ID, defaultReasonerSpec } from '../programs/reasoner-program';
import { VERIFIER_ID, defaultVerifierSpec } from '../programs/verifier-program';
import { buildProgram } from '../artifact/build-program';
import type { QaProgram } from '../artifact/program-schema';
import { bootstrapDemos, demoCandidates } from './bootstrap-demos';
import { gepaCandidates } from './gepa-candidates';
import type {
  OptimizeArgs,
  OptimizeExample,
  OptimizeResult,
  OptimizeTrial,
} from './optimize-types';
import { ConcurrencyLimiter } from '../llm/concurrency-limiter';
import { mapBounded } from './map-bounded';
import { BudgetStop, predictWith } from './module-predict';
import { createSeededRandom, seededShuffle } from './seeded-random';

/**
 * Optimizes one Ax module of a `dspy` program with bootstrapped demos (DSPy's
 * BootstrapFewShot, stopping once it has the demos it needs; see {@link bootstrapDemos}) or
 * Ax's AxGEPA (instructions), scoring every candidate on the devset. Devset calls run up to
 * `concurrency` at once, the starting program's scoring overlaps with bootstrapping and all
 * candidates are scored together. Reproducible at any concurrency: example order and
 * candidate demo sets come from a PRNG seeded with `seed`, scores are summed in example
 * order and candidates compared in trial order, so the same seed, data and LLM responses give
 * the same program and scores. Ties keep the earlier candidate, so a candidate must beat the
 * starting program to replace it. `shouldStop` ends it early with the best program so far.
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
  const concurrency = Math.max(1, args.concurrency ?? 1);
  const random = createSeededRandom(args.seed);
  const train = seededShuffle(args.trainset, random);
  const stopped = (): string | undefined => args.shouldStop?.();
  const slots = new ConcurrencyLimiter(concurrency);
  const within = args.withinTrial ?? (<T>(_: number, work: () => Promise<T>) => work());
  const metric = async (prediction: Record<string, unknown>, example: OptimizeExample) =>
    args.metric({ prediction, example });
  const score = (spec: ModuleSpec, index: number): Promise<number | undefined> =>
    within(index, async () => {
      let scores: number[];
      try {
        // Slots are granted first come, first served: candidates scored together finish in
        // trial order instead of all at the end.
        scores = await mapBounded(args.devset, args.devset.length, async (example) => {
          const release = await slots.acquire();
          try {
            return metric(await predictWith(spec, programId, args.llm, example), example);
          } finally {
            release();
          }
        });
      } catch (error) {
        // Cut short by the budget: a partial score is not comparable, the candidate is dropped.
        if (error instanceof BudgetStop) return undefined;
        throw error;
      }
      // Summed in example order, whatever order the calls finished in.
      return scores.reduce((a, b) => a + b, 0) / args.devset.length;
    });

  // The starting program is scored while bootstrap answers the training examples.
  let bootstrap: OptimizeResult['bootstrap'];
  const [baseScore, candidates] = await Promise.all([
    score(start, 0),
    (async (): Promise<ModuleSpec[]> => {
      if (args.optimizer === 'gepa') return gepaCandidates(args, start, programId, train);
      const pool = await bootstrapDemos({
        start,
        programId,
        teacher: args.teacher ?? args.llm,
        train,
        metric,
        // Enough for the first candidate, and one more demo for every further trial.
        wanted: maxDemos + trialsWanted - 1,
        concurrency,
        shouldStop: () => stopped() !== undefined,
        // After the starting program's calls, which asked for their slots first.
        acquire: () => slots.acquire(),
      });
      bootstrap = { tried: pool.tried, answered: pool.answered, demos: pool.demos.length };
      return demoCandidates(start, pool.demos, maxDemos, trialsWanted, random);
    })(),
  ]);
  if (baseScore === undefined) {
    throw new DspyPipelineError(
      'invalid_input',
      `the optimization stopped (${stopped() ?? 'stopped'}) before the starting program was scored.`,
      {
        where: 'shouldStop',
        fix: 'Raise the budget so that at least the devset can be scored once.',
      },
    );
  }
  const trials: OptimizeTrial[] = [];
  const report = async (spec: ModuleSpec, kind: OptimizeTrial['kind'], value: number) => {
    const trial: OptimizeTrial = {
      index: trials.length,
      kind,
      score: value,
      module: spec,
      program: withModule(args, which, spec, {}),
    };
    trials.push(trial);
    await args.onTrial?.(trial);
    return trial;
  };
  let best = await report(start, 'baseline', baseScore);
  const baselineScore = best.score;
  // Every candidate is scored at once (their calls share the concurrency bound, first come
  // first served, so earlier candidates finish first); each is reported and compared in trial
  // order as soon as it and those before it are done, so that logging overlaps the scoring
  // of later candidates. Ties keep the earlier one.
  const pending = stopped() === undefined ? candidates.map((spec, i) => score(spec, i + 1)) : [];
  // Rejections are awaited in order below; none may go unhandled meanwhile.
  for (const p of pending) p.catch(() => undefined);
  for (const [i, p] of pending.entries()) {
    const value = await p;
    if (value === undefined) break;
    const trial = await report(candidates[i] as ModuleSpec, 'candidate', value);
    if (trial.score > best.score) best = trial;
  }
  await Promise.allSettled(pending);
  const program = withModule(args, which, best.module, {
    [`dev_${args.metricName ?? 'score'}`]: best.score,
    baseline_score: baselineScore,
  });
  return {
    program,
    bestScore: best.score,
    baselineScore,
    trials,
    stopReason: stopped() ?? 'completed',
    ...(bootstrap ? { bootstrap } : {}),
  };
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
