import { createScriptedLlm } from '../../testing';
import {
  DEPOSIT_QUESTION,
  UNRELATED_QUESTION,
  bundledIndex,
  firstPassageId,
  retrieveBundled,
} from '../../test-fixtures/llm-fixtures';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import type { RawTraceRecord } from '../trace/trace-sink';
import { answerResultSchema, type TraceEvent } from '../model/answer-result';
import { createBaselinePipeline } from './baseline-pipeline';
import { BASELINE_SYSTEM_PROMPT } from '../programs/baseline-prompt';

const ANSWER = 'Within 21 days after the tenant moves out.';

/** `{top}` in the reply becomes the first passage id in the prompt (what the index returned). */
function scripted(reply: string | (() => string)) {
  return createScriptedLlm({
    respond: (r) =>
      (typeof reply === 'string' ? reply : reply()).replace(
        '{top}',
        firstPassageId(r.user) ?? 'none',
      ),
  });
}

async function pipelineWith(reply: string | (() => string)) {
  const scriptedLlm = scripted(reply);
  const events: TraceEvent[] = [];
  const raw: RawTraceRecord[] = [];
  const pipeline = createBaselinePipeline({
    retriever: await bundledIndex(),
    llm: scriptedLlm.llm,
    sinks: { trace: (e) => events.push(e), raw: (r) => raw.push(r) },
  });
  return { pipeline, requests: scriptedLlm.requests, events, raw };
}

describe('baseline pipeline (real bundled index, scripted LLM)', () => {
  it('answers with one LLM call, the fixed prompt, citations and a lexical verdict', async () => {
    const top = (await retrieveBundled(DEPOSIT_QUESTION))[0];
    const { pipeline, requests, events, raw } = await pipelineWith(
      JSON.stringify({ answer: ANSWER, citations: ['{top}'] }),
    );
    const res = await pipeline.answer(DEPOSIT_QUESTION, {});
    expect(answerResultSchema.parse(res)).toBeTruthy();
    expect(pipeline.kind).toBe('baseline');
    expect(res.abstained).toBe(false);
    expect(res.answer).toBe(ANSWER);
    expect(res.citations.map((c) => c.id)).toEqual([top?.id]);
    expect(res.verification.verdict).toBe('supported');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.system).toBe(BASELINE_SYSTEM_PROMPT);
    expect(requests[0]?.user).toContain(`Question: ${DEPOSIT_QUESTION}`);
    expect(requests[0]?.user).toContain(`[${top?.id}]`);
    expect(events.map((e) => e.module)).toEqual(['retriever', 'baseline-llm', 'lexical-verifier']);
    expect(events[1]).toMatchObject({ model: 'scripted-model', verdict: 'supported' });
    expect(events[1]?.promptHash).toMatch(/^[0-9a-f]{16}$/);
    expect(events[1]?.tokens?.totalTokens).toBeGreaterThan(0);
    expect(res.trace).toEqual(events);
    expect(res.timings.llmMs).toBeGreaterThanOrEqual(0);
    expect(res.timings.totalMs).toBeGreaterThanOrEqual(res.timings.llmMs);
    // Raw prompt and output go to the raw sink only.
    expect(raw.map((r) => r.kind)).toEqual(['prompt', 'output']);
    expect(raw[0]?.content).toContain('Riverton landlord');
    expect(JSON.stringify(events)).not.toContain('Riverton');
  });

  it('accepts a reply wrapped in a code fence', async () => {
    const { pipeline } = await pipelineWith(
      '```json\n' + JSON.stringify({ answer: ANSWER, citations: ['{top}'] }) + '\n```',
    );
    const res = await pipeline.answer(DEPOSIT_QUESTION, {});
    expect(res.abstained).toBe(false);
    expect(res.citations).toHaveLength(1);
  });

  it('fails with llm_invalid_reply (an upstream error, not an abstention) when the reply is not the expected JSON object', async () => {
    const { pipeline, events } = await pipelineWith('The deposit comes back in 21 days.');
    await expect(pipeline.answer(DEPOSIT_QUESTION, {})).rejects.toMatchObject({
      name: 'DspyPipelineError',
      code: 'llm_invalid_reply',
    });
    const llm = events.find((e) => e.module === 'baseline-llm');
    expect(llm?.error).toBe('llm_invalid_reply');
    expect(llm?.verdict).toBeUndefined();
  });

  it('abstains when the model says the passages do not answer', async () => {
    const { pipeline } = await pipelineWith(
      JSON.stringify({ answer: 'Not found in the sources.', citations: [] }),
    );
    const res = await pipeline.answer(DEPOSIT_QUESTION, {});
    expect(res.abstained).toBe(true);
    expect(res.verification.verdict).toBe('abstained');
  });

  it('abstains when every citation names a passage that was not retrieved', async () => {
    const { pipeline } = await pipelineWith(
      JSON.stringify({ answer: ANSWER, citations: ['invented#9'] }),
    );
    const res = await pipeline.answer(DEPOSIT_QUESTION, {});
    expect(res.abstained).toBe(true);
    expect(res.verification.unsupportedClaims.join(' ')).toContain('invented#9');
  });

  it('abstains when the lexical check finds the answer unsupported by the cited passage', async () => {
    const { pipeline, events } = await pipelineWith(
      JSON.stringify({
        answer: 'Ninety business days after a court hearing in Paris.',
        citations: ['{top}'],
      }),
    );
    const res = await pipeline.answer(DEPOSIT_QUESTION, {});
    expect(res.abstained).toBe(true);
    expect(events.find((e) => e.module === 'lexical-verifier')?.verdict).toBe('unsupported');
  });

  it('keeps a supported answer that also cites an unknown id as partially supported', async () => {
    const { pipeline } = await pipelineWith(
      JSON.stringify({ answer: ANSWER, citations: ['{top}', 'nope#1'] }),
    );
    const res = await pipeline.answer(DEPOSIT_QUESTION, {});
    expect(res.abstained).toBe(false);
    expect(res.verification.verdict).toBe('partially_supported');
    expect(res.verification.unsupportedClaims).toContain(
      'cites "nope#1", which is not a retrieved passage',
    );
  });

  it('abstains without calling the LLM when nothing relevant is retrieved', async () => {
    const { pipeline, requests } = await pipelineWith('{"answer": "x", "citations": []}');
    const res = await pipeline.answer(UNRELATED_QUESTION, {});
    expect(res.abstained).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it('reports an LLM failure as llm_error with a trace event, without the question', async () => {
    const { pipeline, events } = await pipelineWith(() => {
      throw new Error('provider exploded');
    });
    const err = await pipeline.answer(DEPOSIT_QUESTION, {}).catch((e: unknown) => e);
    expect(DspyPipelineError.isInstance(err) && err.code).toBe('llm_error');
    expect(String((err as Error).message)).not.toContain('Riverton');
    expect(events.find((e) => e.module === 'baseline-llm')?.error).toBe('llm_error');
  });

  it('refuses an empty question and bad options', async () => {
    const { pipeline } = await pipelineWith('{}');
    await expect(pipeline.answer('  ', {})).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(pipeline.answer(DEPOSIT_QUESTION, { topK: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
