import {
  DEFAULT_RETRIEVER,
  PROGRAM_ARTIFACT_PATH,
  buildProgram,
  defaultReasonerSpec,
  serializeProgram,
} from '@cited/dspy-pipeline';
import { sampleProgramJson } from '@cited/dspy-pipeline/testing';
import type { MlflowClient } from '@cited/mlflow-client';
import { cli, isolatedEnv, testMlflowClient, testMlflowUri } from '../test-fixtures/cli-harness';
import { readWithPython } from '../test-fixtures/python-model-reader';

describe("dspy modules' prompts in MLflow's Prompt Registry (read back with mlflow.genai.load_prompt)", () => {
  const uri = testMlflowUri();
  let env: Record<string, string>;
  let model: string;
  let client: MlflowClient;

  beforeAll(() => {
    env = isolatedEnv('prompts');
    model = env['CITED_MODEL_NAME'] as string;
    client = testMlflowClient();
  });
  afterAll(() => client.close());

  it("registers each dspy module's instruction and demos as an MLflow prompt, a new version only when it changed, linked to the run and the model", async () => {
    const experimentId = await client.experiments.getOrCreate(`${model}-prompts`);
    async function registerProgram(text: string): Promise<{ runId: string; version: string }> {
      const run = await client.runs.create({ experimentId, runName: 'prompts' });
      await client.artifacts.uploadBuffer({ runId: run.info.runId }, text, PROGRAM_ARTIFACT_PATH);
      const r = await cli(['register', '--run', run.info.runId, '--model', model, '--json'], env);
      expect(r.code).toBe(0);
      return { runId: run.info.runId, version: r.json<{ version: string }>().version };
    }
    const first = await registerProgram(sampleProgramJson('dspy', 'prompted'));
    const reasoner = defaultReasonerSpec();
    const p1 = await readWithPython<{
      template: string;
      version: number;
      tags: Record<string, string>;
    }>(uri, 'prompt', [`prompts:/${model}.reasoner/1`]);
    expect(p1.template.startsWith(`${reasoner.instruction}\n`)).toBe(true);
    expect(p1.template).toContain(`--- demos (${reasoner.demos.length}) ---`);
    const v1 = await readWithPython<{ template: string }>(uri, 'prompt', [
      `prompts:/${model}.verifier/1`,
    ]);
    expect(v1.template.length).toBeGreaterThan(20);

    // The same instructions again: no new prompt version.
    await registerProgram(sampleProgramJson('dspy', 'prompted-again'));
    const edited = serializeProgram(
      buildProgram({
        name: 'prompted-edited',
        pipeline: 'dspy',
        modules: { reasoner: { ...reasoner, instruction: `${reasoner.instruction} Be brief.` } },
        llm: null,
        retriever: DEFAULT_RETRIEVER,
        seed: 1,
      }),
    );
    const third = await registerProgram(edited);
    const versions = await client.registry.searchAllVersions({
      filter: `name = '${model}.reasoner' AND tag.\`mlflow.prompt.is_prompt\` = 'true'`,
    });
    expect(versions.map((v) => v.version).sort()).toEqual(['1', '2']);
    const p2 = await readWithPython<{ template: string }>(uri, 'prompt', [
      `prompts:/${model}.reasoner/2`,
    ]);
    expect(p2.template).toContain('Be brief.');

    const run = await client.runs.get(third.runId);
    const linked = run.data.tags.find((t) => t.key === 'mlflow.linkedPrompts')?.value ?? '[]';
    expect(JSON.parse(linked)).toEqual([{ name: `${model}.reasoner`, version: '2' }]);
    const info = await readWithPython<{ prompts: string[] }>(uri, 'model-info', [
      `models:/${model}/${first.version}`,
    ]);
    expect(info.prompts).toEqual([`prompts:/${model}.reasoner/1`, `prompts:/${model}.verifier/1`]);
  }, 180_000);
});
