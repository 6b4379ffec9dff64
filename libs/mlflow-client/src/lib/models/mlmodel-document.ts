import { z } from 'zod';

/** A column of an MLflow model signature (MLflow's `ColSpec`). */
export const colSpecSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['string', 'long', 'integer', 'double', 'float', 'boolean', 'binary', 'datetime']),
  required: z.boolean().default(true),
});

/** A column of an MLflow model signature. */
export type ColSpec = z.input<typeof colSpecSchema>;

/** What an `MLmodel` file says about a model (camelCase here; MLflow's snake_case in the file). */
export const mlmodelDocumentSchema = z.object({
  /** The LoggedModel id (`m-…`): MLflow 3 resolves `models:/<id>` through it. */
  modelId: z.string().min(1),
  /** The run that produced it. */
  runId: z.string().optional(),
  /** Name of the model inside its run (MLflow 3 uses the LoggedModel's name). */
  artifactPath: z.string().optional(),
  /** Flavor name → flavor configuration (e.g. `python_function`, or an application's own). */
  flavors: z.record(z.string(), z.record(z.string(), z.unknown())),
  signature: z
    .object({ inputs: z.array(colSpecSchema).min(1), outputs: z.array(colSpecSchema).min(1) })
    .optional(),
  /** The input example file (a pandas `split` frame), written by {@link inputExampleFiles}. */
  inputExample: z
    .object({ columns: z.array(z.string()).min(1), rows: z.array(z.array(z.unknown())).min(1) })
    .optional(),
  /** `prompts:/<name>/<version>` URIs of the registered prompts the model uses. */
  prompts: z.array(z.string()).optional(),
  /** Free-form metadata (shown by MLflow as the model's `metadata`). */
  metadata: z.record(z.string(), z.string()).optional(),
  /** MLflow version the file follows. */
  mlflowVersion: z.string().optional(),
  createdAt: z.date().optional(),
});

/** What an `MLmodel` file says about a model. */
export type MlmodelDocument = z.input<typeof mlmodelDocumentSchema>;

/** File names MLflow expects next to `MLmodel`. */
export const MLMODEL_FILES = {
  mlmodel: 'MLmodel',
  inputExample: 'input_example.json',
  servingInputExample: 'serving_input_example.json',
} as const;

function utcTimestamp(d: Date): string {
  // MLflow writes `YYYY-MM-DD HH:MM:SS.ffffff` (UTC).
  return `${d.toISOString().replace('T', ' ').replace('Z', '')}000`;
}

/**
 * The text of an `MLmodel` file, as MLflow's `Model.load` reads it (YAML; JSON is written, a
 * subset of YAML, so no YAML library is needed). Signature schemas are JSON strings, as MLflow
 * embeds them.
 * @throws ZodError when the document is malformed.
 */
export function renderMlmodel(document: MlmodelDocument): string {
  const d = mlmodelDocumentSchema.parse(document);
  const file: Record<string, unknown> = {
    artifact_path: d.artifactPath ?? null,
    flavors: d.flavors,
    mlflow_version: d.mlflowVersion ?? null,
    model_id: d.modelId,
    model_uuid: d.modelId.replace(/^m-/, ''),
    run_id: d.runId ?? null,
    utc_time_created: utcTimestamp(d.createdAt ?? new Date()),
  };
  if (d.signature)
    file['signature'] = {
      inputs: JSON.stringify(
        d.signature.inputs.map(({ name, type, required }) => ({ type, name, required })),
      ),
      outputs: JSON.stringify(
        d.signature.outputs.map(({ name, type, required }) => ({ type, name, required })),
      ),
      params: null,
    };
  if (d.inputExample)
    file['saved_input_example_info'] = {
      artifact_path: MLMODEL_FILES.inputExample,
      pandas_orient: 'split',
      serving_input_path: MLMODEL_FILES.servingInputExample,
      type: 'dataframe',
    };
  if (d.prompts) file['prompts'] = d.prompts;
  if (d.metadata) file['metadata'] = d.metadata;
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * The input example files an `MLmodel` with `inputExample` points at: `input_example.json`
 * (pandas `split` orient) and `serving_input_example.json` (a scoring-server request body).
 */
export function inputExampleFiles(
  example: NonNullable<MlmodelDocument['inputExample']>,
): Record<string, string> {
  const split = { columns: example.columns, data: example.rows };
  return {
    [MLMODEL_FILES.inputExample]: `${JSON.stringify(split)}\n`,
    [MLMODEL_FILES.servingInputExample]: `${JSON.stringify({ dataframe_split: split }, null, 2)}\n`,
  };
}
