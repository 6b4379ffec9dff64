import {
  PROGRAM_FILE,
  PROGRAM_FORMAT,
  PROGRAM_SCHEMA_VERSION,
  serializeProgram,
  type QaProgram,
} from '@cited/dspy-pipeline';
import {
  MLMODEL_FILES,
  inputExampleFiles,
  renderMlmodel,
  type ColSpec,
} from '@cited/mlflow-client';
import { PYFUNC_LOADER_MODULE, PYFUNC_LOADER_SOURCE } from './pyfunc-loader';

/** Name of Cited's own MLflow flavor in `MLmodel`. */
export const CITED_FLAVOR = 'cited';

/** `model_type` of Cited's LoggedModels. */
export const PROGRAM_MODEL_TYPE = 'cited.qa-program';

/** The MLflow version the `MLmodel` files follow (the server's). */
const MLFLOW_FORMAT_VERSION = '3.17.2';

/** What `/v1/answer` takes: the model's signature inputs. */
export const PROGRAM_SIGNATURE_INPUTS: ColSpec[] = [
  { name: 'question', type: 'string' },
  { name: 'tenantId', type: 'string', required: false },
  { name: 'topK', type: 'long', required: false },
];

/** What the pyfunc returns per row (`citations` is the API's citation list as JSON text). */
export const PROGRAM_SIGNATURE_OUTPUTS: ColSpec[] = [
  { name: 'answer', type: 'string' },
  { name: 'citations', type: 'string' },
  { name: 'verdict', type: 'string' },
  { name: 'abstained', type: 'boolean' },
];

const INPUT_EXAMPLE = {
  columns: ['question', 'tenantId', 'topK'],
  rows: [['What does the refund policy say about late returns?', 'default', 5]],
};

/**
 * The files of a program's LoggedModel, keyed by path under the model's root: `program.json`
 * (what the API loads: a version's root holds it, as before), `MLmodel` with the `cited` flavor
 * (program format, schema version, pipeline, Cited version), the `python_function` flavor (a
 * loader calling a running Cited API), the signature and input example, and the loader's code.
 * Nothing here comes from the environment: no URL, no key.
 */
export function programModelFiles(
  program: QaProgram,
  model: {
    modelId: string;
    name: string;
    runId?: string;
    prompts?: string[];
    /** Version of the Cited code logging it. */
    citedVersion: string;
  },
): Record<string, string> {
  const mlmodel = renderMlmodel({
    modelId: model.modelId,
    artifactPath: model.name,
    ...(model.runId ? { runId: model.runId } : {}),
    mlflowVersion: MLFLOW_FORMAT_VERSION,
    flavors: {
      [CITED_FLAVOR]: {
        program_file: PROGRAM_FILE,
        program_format: PROGRAM_FORMAT,
        schema_version: PROGRAM_SCHEMA_VERSION,
        pipeline: program.pipeline,
        program_id: program.id,
        program_name: program.name,
        cited_version: model.citedVersion,
      },
      python_function: {
        loader_module: PYFUNC_LOADER_MODULE,
        code: 'code',
        data: PROGRAM_FILE,
        env: { virtualenv: 'python_env.yaml' },
        // MLflow's `config` key: overridable per load with load_model(uri, model_config={"api_url": ...}).
        config: { api_url: null },
      },
    },
    signature: { inputs: PROGRAM_SIGNATURE_INPUTS, outputs: PROGRAM_SIGNATURE_OUTPUTS },
    inputExample: INPUT_EXAMPLE,
    ...(model.prompts && model.prompts.length > 0 ? { prompts: model.prompts } : {}),
    metadata: { 'cited.program.id': program.id, 'cited.pipeline': program.pipeline },
  });
  return {
    [PROGRAM_FILE]: serializeProgram(program),
    [MLMODEL_FILES.mlmodel]: mlmodel,
    ...inputExampleFiles(INPUT_EXAMPLE),
    [`code/${PYFUNC_LOADER_MODULE}.py`]: PYFUNC_LOADER_SOURCE,
    'requirements.txt': 'mlflow>=3.1\npandas\n',
    'python_env.yaml':
      'python: "3.11"\nbuild_dependencies:\n  - pip\ndependencies:\n  - -r requirements.txt\n',
  };
}
