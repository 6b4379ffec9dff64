import { createScriptedLlm } from '../../testing';
import { DEPOSIT_QUESTION, bundledIndex } from '../../test-fixtures/llm-fixtures';
import { buildProgram } from '../artifact/build-program';
import { DEFAULT_RETRIEVER } from '../artifact/default-program';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { defaultVerifierSpec } from '../programs/verifier-program';
import { createBaselinePipeline } from './baseline-pipeline';
import { createDspyPipeline } from './dspy-pipeline';

const CHATTY = 'Sure! Happy to help with your tenancy question.';

describe('an LLM reply without the JSON or fields asked for is an upstream error, not an abstention', () => {
  it('baseline: llm_invalid_reply', async () => {
    const { llm } = createScriptedLlm({ respond: () => CHATTY });
    const pipeline = createBaselinePipeline({ retriever: await bundledIndex(), llm });
    await expect(pipeline.answer(DEPOSIT_QUESTION, {})).rejects.toMatchObject({
      code: 'llm_invalid_reply',
    });
  });

  it('dspy: llm_invalid_reply, and the message does not quote the reply', async () => {
    const { llm } = createScriptedLlm({ respond: () => CHATTY });
    const program = buildProgram({
      name: 'test-dspy',
      pipeline: 'dspy',
      modules: { reasoner: defaultReasonerSpec(), verifier: defaultVerifierSpec() },
      llm: null,
      retriever: DEFAULT_RETRIEVER,
      seed: 1,
    });
    const pipeline = createDspyPipeline({ retriever: await bundledIndex(), llm, program });
    const error = await pipeline.answer(DEPOSIT_QUESTION, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'DspyPipelineError', code: 'llm_invalid_reply' });
    expect((error as Error).message).not.toContain('Happy to help');
  });
});
