import type { DatasetRow } from '@cited/dataset-manifest';
import type { OptimizationPlan } from './optimization-plan';

/** The optimizer's own params of an optimize run (beside the program's, from `runParams`). */
export function optimizerParams(
  plan: OptimizationPlan,
  rows: { train: readonly DatasetRow[]; dev: readonly DatasetRow[] },
  teacherModel: string,
): Record<string, string> {
  const { dataset, recording } = plan.evaluation;
  return {
    optimizer: plan.optimizer,
    'optimizer.seed': String(plan.seed),
    'optimizer.max_demos': String(plan.maxDemos),
    'optimizer.trials': String(plan.trials),
    'optimizer.module': 'reasoner',
    'optimizer.metric': 'token_f1',
    'optimizer.teacher_model': teacherModel,
    'dataset.train_split': plan.train.split,
    'dataset.dev_split': dataset.split,
    'dataset.train_rows': String(rows.train.length),
    'dataset.dev_rows': String(rows.dev.length),
    'scrub.dataset': String(recording.scrubDataset),
    ...recording.params,
  };
}
