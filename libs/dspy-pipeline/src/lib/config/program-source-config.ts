import { z } from 'zod';
import { parseEnvConfig, readEnv, type EnvSource } from './env-reader';

/** Where the serving program comes from: a file, or a registered model alias. */
export const programSourceConfigSchema = z.object({
  /** Registered model name in the MLflow Model Registry. */
  modelName: z.string().min(1).max(250).default('cited-qa'),
  /** Alias of that model that serves production traffic. */
  modelAlias: z
    .string()
    .regex(/^[\w-]+$/, 'must contain only letters, digits, _ and -')
    .default('production'),
  /** An explicit program.json path that overrides the registry. */
  programPath: z.string().min(1).optional(),
});

/** Validated program-source settings. */
export type ProgramSourceConfig = z.infer<typeof programSourceConfigSchema>;

/**
 * Reads `CITED_MODEL_NAME`, `CITED_MODEL_ALIAS` and `CITED_PROGRAM_PATH`.
 * @throws DspyPipelineError `invalid_config` naming the variable at fault.
 */
export function programSourceConfigFromEnv(env: EnvSource): ProgramSourceConfig {
  return parseEnvConfig(
    programSourceConfigSchema,
    {
      modelName: readEnv(env, 'CITED_MODEL_NAME'),
      modelAlias: readEnv(env, 'CITED_MODEL_ALIAS'),
      programPath: readEnv(env, 'CITED_PROGRAM_PATH'),
    },
    {
      modelName: 'CITED_MODEL_NAME',
      modelAlias: 'CITED_MODEL_ALIAS',
      programPath: 'CITED_PROGRAM_PATH',
    },
  );
}
