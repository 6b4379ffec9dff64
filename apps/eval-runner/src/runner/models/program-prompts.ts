import type { QaProgram } from '@cited/dspy-pipeline';
import { MlflowClientError, type MlflowClient } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import { isNotFound } from '../shared/mlflow-lookup-errors';

/**
 * MLflow's prompt-registry convention (mlflow/prompt/constants.py, 3.17): a prompt is a
 * registered model tagged `mlflow.prompt.is_prompt`, a prompt version a model version carrying
 * the text in `mlflow.prompt.text`, with a placeholder source. There are no separate prompt REST
 * endpoints, so the registry's are used with these tags.
 */
export const PROMPT_TAGS = {
  isPrompt: 'mlflow.prompt.is_prompt',
  text: 'mlflow.prompt.text',
  type: '_mlflow_prompt_type',
  experimentIds: '_mlflow_experiment_ids',
  /** On runs and LoggedModels: JSON list of `{name, version}`. */
  linked: 'mlflow.linkedPrompts',
} as const;

/** The placeholder source MLflow's own clients give prompt versions. */
const PROMPT_SOURCE = 'dummy-source';

/** A registered prompt version. */
export interface PromptRef {
  name: string;
  version: string;
}

/** The `prompts:/<name>/<version>` URI of a prompt version. */
export function promptUri(p: PromptRef): string {
  return `prompts:/${p.name}/${p.version}`;
}

/** A prompt name MLflow accepts (letters, digits, `_ . -`). */
export function promptName(prefix: string, module: string): string {
  return `${prefix.replace(/[^\w.-]/g, '-')}.${module}`;
}

/** A module's prompt text: its instruction, then its few-shot demos (scrubbed) as JSON. */
export function modulePromptText(
  mod: NonNullable<QaProgram['modules']['reasoner']>,
  scrubJson: (value: unknown) => unknown,
): string {
  const demos = JSON.stringify(scrubJson(mod.demos), null, 2);
  return `${mod.instruction}\n\n--- demos (${mod.demos.length}) ---\n${demos}\n`;
}

async function ensurePrompt(client: MlflowClient, name: string, experimentId: string) {
  const mark = `,${experimentId},`;
  try {
    const rm = await client.registry.getModel(name);
    const tags = Object.fromEntries(rm.tags.map((t) => [t.key, t.value]));
    if (tags[PROMPT_TAGS.isPrompt] !== 'true')
      throw new CliError(
        'bad_input',
        `registered model '${name}' exists and is not a prompt: Cited registers the ${name.split('.').pop() ?? ''} prompt under that name. Rename that model or choose another model name (--model / CITED_MODEL_NAME).`,
      );
    const ids = tags[PROMPT_TAGS.experimentIds] ?? ',';
    if (!ids.includes(mark))
      await client.registry.setModelTag(name, PROMPT_TAGS.experimentIds, `${ids}${experimentId},`);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await client.registry
      .createModel(name, {
        description: 'Instruction and few-shot demos of a Cited dspy module.',
        tags: { [PROMPT_TAGS.isPrompt]: 'true', [PROMPT_TAGS.experimentIds]: mark },
      })
      .catch((e: unknown) => {
        // Another process may have created it in between.
        if (!(MlflowClientError.isInstance(e) && e.errorCode === 'RESOURCE_ALREADY_EXISTS'))
          throw e;
      });
  }
}

/**
 * Registers the instruction and demos of each dspy module of a program (reasoner, verifier) as
 * an MLflow prompt `<prefix>.<module>`: a new version only when the text changed since the
 * latest one, so the optimizer's output is diffable in the Prompts view. Returns the versions
 * (none for a program without modules).
 */
export async function registerProgramPrompts(
  client: MlflowClient,
  program: QaProgram,
  options: { prefix: string; experimentId: string; scrubJson: (value: unknown) => unknown },
): Promise<PromptRef[]> {
  const refs: PromptRef[] = [];
  for (const module of ['reasoner', 'verifier'] as const) {
    const mod = program.modules[module];
    if (!mod) continue;
    const name = promptName(options.prefix, module);
    const text = modulePromptText(mod, options.scrubJson);
    await ensurePrompt(client, name, options.experimentId);
    // Model-version search leaves prompts out unless the filter names the prompt tag.
    const versions = await client.registry.searchAllVersions({
      filter: `name = '${name}' AND tag.\`${PROMPT_TAGS.isPrompt}\` = 'true'`,
    });
    const latest = versions.sort((a, b) => Number(b.version) - Number(a.version))[0];
    const latestText = latest?.tags.find((t) => t.key === PROMPT_TAGS.text)?.value;
    if (latest && latestText === text) {
      refs.push({ name, version: latest.version });
      continue;
    }
    const mv = await client.registry.createVersion(
      name,
      PROMPT_SOURCE,
      {},
      {
        description: `${module} of program ${program.id}`,
        tags: {
          [PROMPT_TAGS.isPrompt]: 'true',
          [PROMPT_TAGS.text]: text,
          [PROMPT_TAGS.type]: 'text',
          'cited.program.id': program.id,
          'cited.signature_hash': mod.signatureHash,
        },
        waitReadyMs: false,
      },
    );
    refs.push({ name, version: mv.version });
  }
  return refs;
}

/** The `mlflow.linkedPrompts` tag value naming prompt versions. */
export function linkedPromptsTag(refs: readonly PromptRef[]): string {
  return JSON.stringify(refs.map((r) => ({ name: r.name, version: r.version })));
}
