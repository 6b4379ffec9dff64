import type { Command } from 'commander';
import { withJson, type ActionRunner } from '../cli/command-context';

/** The steps `demo` runs end to end once the pipeline and MLflow pieces have landed. */
export const DEMO_PLAN = [
  'ingest the bundled rental-property corpus into the embedded index',
  'evaluate the extractive pipeline on the bundled dataset',
  'log the run to MLflow (starting the managed local server when MLFLOW_TRACKING_URI is unset)',
  'register the program as CITED_MODEL_NAME and point the alias production at it',
  'print the metrics table, the MLflow UI address and how to start the API',
] as const;

/** `demo`: the README's main job. */
export function registerDemoCommand(program: Command, run: ActionRunner): void {
  withJson(program.command('demo'))
    .description(
      'ingest the bundled corpus, evaluate, log to MLflow and promote: the whole loop with no configuration',
    )
    .action(
      run(async (ctx) => {
        const config = ctx.config();
        ctx.out.human(
          [
            'Cited demo',
            ...DEMO_PLAN.map((step, i) => `  ${i + 1}. ${step}`),
            '',
            `MLflow: ${config.mlflow.trackingUri}${config.mlflow.managedLocalServer ? ' (managed local server)' : ''}`,
            `LLM: ${config.llm === null ? 'none configured (extractive pipeline only)' : `${config.llm.provider}/${config.llm.model}`}`,
          ].join('\n'),
        );
        ctx.out.result({
          plan: DEMO_PLAN,
          mlflow: config.mlflow.trackingUri,
          llm: config.llm?.provider ?? null,
        });
      }),
    );
}
