import type { AxFieldValue } from '@ax-llm/ax';
import type { LlmService } from '../llm/llm-service';
import type { ModuleSpec } from '../programs/module-spec';
import type { QaProgram } from '../artifact/program-schema';

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
  /**
   * Devset examples scored (and bootstrap examples answered) at once. Default 1. The result
   * does not depend on it: scores are summed in example order and candidates compared in
   * trial order.
   */
  concurrency?: number;
  /**
   * Why to stop now (e.g. a spent LLM budget), or undefined to go on. Checked between steps;
   * a candidate whose scoring was cut short is dropped, and the best one scored so far is kept.
   */
  shouldStop?: () => string | undefined;
  /**
   * Runs each trial's scoring (index, then the work); the caller can attribute LLM usage to
   * the trial (e.g. with an async-context ledger). Default: runs it.
   */
  withinTrial?: <T>(index: number, work: () => Promise<T>) => Promise<T>;
}

/** The optimized program and every trial. */
export interface OptimizeResult {
  program: QaProgram;
  bestScore: number;
  baselineScore: number;
  trials: OptimizeTrial[];
  /** `completed`, or the reason `shouldStop` gave. */
  stopReason: string;
  /** Bootstrap only: training examples the demo pool was taken from, and demos found. */
  bootstrap?: { tried: number; answered: number; demos: number };
}
