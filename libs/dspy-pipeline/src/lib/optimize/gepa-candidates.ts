import { AxGEPA, type AxFieldValue, type AxGenOut } from '@ax-llm/ax';
import { instantiateModule, type ModuleSpec } from '../programs/module-spec';
import type { OptimizeArgs, OptimizeExample, OptimizeMetric } from './optimize-types';

/**
 * Runs AxGEPA and returns every instruction it proposed, in proposal order (accepted or
 * not), so that each one is scored on the devset and reported through `onTrial`.
 * AxGEPA's result only lists its Pareto front; the proposals are captured with its
 * per-round optimizer-logger event (`RoundProgress`, emitted right after a proposal was
 * scored on a minibatch, while that proposal is still applied to the program). Only options
 * of AxGEPA's public types are passed. Its merge step (which combines the components of two
 * candidates) stays on, as it has no public switch; a one-module program has a single
 * component, so a merge can only repeat a parent and adds no new instruction. When the
 * budget runs out (`shouldStop`), the proposals made so far are returned.
 */
export async function gepaCandidates(
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
  let result: Awaited<ReturnType<typeof gepa.compile>> | undefined;
  try {
    result = await gepa.compile(gen, train, metricFn(args.metric), {
      validationExamples: [...args.devset],
      maxMetricCalls: Math.max(50, trials * (train.length + args.devset.length) * 2),
    });
  } catch (error) {
    // A spent budget fails GEPA's own calls: keep the proposals made until then.
    if (args.shouldStop?.() === undefined) throw error;
  }
  const out: ModuleSpec[] = [];
  const seen = new Set<string>([start.instruction]);
  const consider = (instruction: unknown): void => {
    if (typeof instruction !== 'string' || !instruction.trim() || seen.has(instruction)) return;
    seen.add(instruction);
    out.push({ ...start, instruction });
  };
  for (const p of proposals) consider(p);
  // Accepted candidates are proposals too; kept as a safety net should the event change.
  for (const f of result?.paretoFront ?? []) {
    const map = (f.configuration as { componentMap?: Record<string, unknown> }).componentMap;
    for (const [key, value] of Object.entries(map ?? {})) {
      if (key.endsWith('::instruction')) consider(value);
    }
  }
  return out;
}

/** The metric in the shape Ax's optimizers call it. */
export function metricFn(metric: OptimizeMetric) {
  return async ({
    prediction,
    example,
  }: {
    prediction: unknown;
    example: Record<string, AxFieldValue>;
  }): Promise<number> => metric({ prediction: (prediction ?? {}) as AxGenOut, example });
}
