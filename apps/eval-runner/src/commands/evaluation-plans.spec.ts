import { join, resolve } from 'node:path';
import { BUNDLED_DATASET_FILE, resolveBundledAssetsDir } from '@cited/dspy-pipeline';
import { parseOptions } from '../cli/option-parsers';
import { loadRunnerConfig } from '../config/runner-config';
import { demoOptionsSchema, demoPlansOf } from './demo.command';
import { evalOptionsSchema, evalPlanOf } from './eval.command';
import { optimizationPlanOf, optimizeOptionsSchema } from './optimize.command';
import { promoteOptionsSchema, reevaluationPlanOf } from './promote.command';

// Commander hands options over as strings and booleans, as here.
const config = loadRunnerConfig({ CITED_INDEX_DIR: 'some/index' });
const llmConfig = loadRunnerConfig({
  CITED_LLM_PROVIDER: 'openai-compatible',
  CITED_LLM_MODEL: 'm',
  CITED_LLM_BASE_URL: 'http://127.0.0.1:9/v1',
  CITED_LLM_SEED: '7',
});

describe('evaluation plans resolved from command options', () => {
  it('eval: the index defaults to CITED_INDEX_DIR (absolute), the rest comes from the options', () => {
    const plan = evalPlanOf(
      parseOptions(evalOptionsSchema, {
        dataset: 'd.jsonl',
        split: 'dev',
        limit: '5',
        concurrency: '3',
        runName: 'r',
        scrubDataset: false,
      }),
      config,
    );
    expect(plan).toMatchObject({
      dataset: { file: 'd.jsonl', split: 'dev', limit: 5 },
      retrieval: { indexDir: resolve('some/index'), tenant: 'default' },
      execution: { concurrency: 3, maxConsecutiveErrors: 10 },
      recording: { runName: 'r', tags: {}, params: {}, scrubDataset: false, pseudonymize: true },
      printTable: true,
    });
    expect(plan.pipeline).toBeUndefined();
    expect(plan.retrieval.corpus).toBeUndefined();
    const other = evalPlanOf(
      parseOptions(evalOptionsSchema, { dataset: 'd.jsonl', index: 'x', corpus: 'c' }),
      config,
    );
    expect(other.retrieval).toEqual({ indexDir: resolve('x'), corpus: 'c', tenant: 'default' });
  });

  it('optimize: evaluates on the dev split; the seed is --seed, else CITED_LLM_SEED, else 0', () => {
    const o = parseOptions(optimizeOptionsSchema, {
      dataset: 'd.jsonl',
      maxTrain: '4',
      maxDev: '3',
    });
    const plan = optimizationPlanOf(o, llmConfig);
    expect(plan).toMatchObject({
      optimizer: 'bootstrap',
      seed: 7,
      maxDemos: 4,
      trials: 8,
      train: { split: 'train', limit: 4 },
      evaluation: {
        pipeline: 'dspy',
        dataset: { file: 'd.jsonl', split: 'dev', limit: 3 },
        printTable: false,
      },
    });
    expect(optimizationPlanOf({ ...o, seed: 0 }, llmConfig).seed).toBe(0);
    expect(optimizationPlanOf(o, config).seed).toBe(0);
  });

  it('promote --reevaluate: one version of the model on the bundled dataset by default, tagged with its role', () => {
    const o = parseOptions(promoteOptionsSchema, { model: 'm', version: '2', reevaluate: true });
    const plan = reevaluationPlanOf(o, config, '1', 'current');
    expect(plan).toMatchObject({
      program: 'models:/m/1',
      dataset: { file: join(resolveBundledAssetsDir(), BUNDLED_DATASET_FILE) },
      recording: {
        runName: 'promote-m-v1-current',
        tags: {
          'cited.promote.model': 'm',
          'cited.promote.version': '1',
          'cited.promote.role': 'current',
        },
      },
    });
  });

  it('demo: --limit rows everywhere, at most 24 train rows, no keyed pseudonyms in the optimize run', () => {
    const where = { indexDir: '/i', dataset: '/d.jsonl' };
    const plans = demoPlansOf(parseOptions(demoOptionsSchema, { limit: '12' }), where, 7);
    expect(plans.extractive).toMatchObject({
      pipeline: 'extractive',
      dataset: { file: '/d.jsonl', limit: 12 },
      recording: { runName: 'demo-extractive', tags: { 'cited.demo': 'true' } },
      printTable: false,
    });
    expect(plans.baseline.recording.runName).toBe('demo-baseline');
    expect(plans.optimization).toMatchObject({
      seed: 7,
      maxDemos: 3,
      trials: 4,
      train: { split: 'train', limit: 12 },
      evaluation: {
        dataset: { split: 'dev', limit: 12 },
        recording: { runName: 'demo-optimize-dspy', pseudonymize: false },
      },
    });
    const unlimited = demoPlansOf(parseOptions(demoOptionsSchema, {}), where, 0);
    expect(unlimited.optimization.train.limit).toBe(24);
    expect(unlimited.optimization.evaluation.dataset.limit).toBeUndefined();
  });
});
