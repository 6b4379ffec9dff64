import { createScriptedLlm } from '../../testing';
import {
  DEPOSIT_QUESTION,
  UNRELATED_QUESTION,
  bundledIndex,
  firstPassageId,
  retrieveBundled,
} from '../../test-fixtures/llm-fixtures';
import { buildProgram } from '../artifact/build-program';
import { DEFAULT_RETRIEVER } from '../artifact/default-program';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { defaultVerifierSpec } from '../programs/verifier-program';
import type { RawTraceRecord } from '../trace/trace-sink';
import type { TraceEvent } from '../model/answer-result';
import { answerResultSchema } from '../model/answer-result';
import { createDspyPipeline } from './dspy-pipeline';

const program = buildProgram({
  name: 'test-dspy',
  pipeline: 'dspy',
  modules: { reasoner: defaultReasonerSpec(), verifier: defaultVerifierSpec() },
  llm: null,
  retriever: DEFAULT_RETRIEVER,
  seed: 1,
});

/**
 * Scripted LLM; `{top}` in the reasoner reply becomes the first passage id of the prompt,
 * i.e. what the real bundled index retrieved.
 */
function scripted(reasoner: string, verifier = 'Verdict: supported\nUnsupported Claims: []') {
  return createScriptedLlm({
    respond: (r) =>
      r.system.includes('Verdict') || r.system.includes('verdict')
        ? verifier
        : reasoner.replace('{top}', firstPassageId(r.user) ?? 'none'),
  });
}

const ANSWER = 'Within 21 days after the tenant moves out.';

describe('dspy pipeline (scripted LLM)', () => {
  it('answers with citations from the retrieved passages and traces each module', async () => {
    const top = (await retrieveBundled(DEPOSIT_QUESTION))[0];
    expect(top?.documentId).toBe('security-deposit-return-deadlines');
    const { llm, requests } = scripted(
      `Reasoning: the ordinance says 21 days\nAnswer: ${ANSWER}\nCitations: ["{top}"]`,
    );
    const events: TraceEvent[] = [];
    const raw: RawTraceRecord[] = [];
    const pipeline = createDspyPipeline({
      retriever: await bundledIndex(),
      llm,
      program,
      sinks: { trace: (e) => events.push(e), raw: (r) => raw.push(r) },
    });
    const res = await pipeline.answer(DEPOSIT_QUESTION, {});
    expect(answerResultSchema.parse(res)).toBeTruthy();
    expect(res.abstained).toBe(false);
    expect(res.answer).toBe(ANSWER);
    expect(res.citations.map((c) => c.id)).toEqual([top?.id]);
    expect(res.citations[0]?.snippet).toContain('21 days');
    expect(res.verification.verdict).toBe('supported');
    expect(requests).toHaveLength(2);
    expect(events.map((e) => e.module)).toEqual(['retriever', 'reasoner', 'verifier']);
    const reasoner = events[1];
    expect(reasoner?.promptHash).toMatch(/^[0-9a-f]{16}$/);
    expect(reasoner?.model).toBe('scripted-model');
    expect(reasoner?.tokens?.totalTokens).toBeGreaterThan(0);
    expect(events[2]?.verdict).toBe('supported');
    expect(res.trace).toEqual(events);
    // Raw prompts go only to the raw sink, never into trace events.
    expect(raw.some((r) => r.kind === 'prompt' && r.content.includes('Riverton landlord'))).toBe(
      true,
    );
    expect(JSON.stringify(events)).not.toContain('Riverton');
    // The retriever event lists what the real index returned, best first.
    expect(events[0]?.passageIds[0]).toBe(top?.id);
  });

  it('abstains when the citations name no retrieved passage', async () => {
    const { llm, requests } = scripted('Answer: Thirty days.\nCitations: ["invented#9"]');
    const res = await createDspyPipeline({ retriever: await bundledIndex(), llm, program }).answer(
      DEPOSIT_QUESTION,
      {},
    );
    expect(res.abstained).toBe(true);
    expect(res.answer).toBe('Not found in the sources.');
    expect(res.verification.unsupportedClaims.join(' ')).toContain('invented#9');
    expect(requests).toHaveLength(1); // the verifier is not asked about an uncited answer
  });

  it('abstains when the verifier says unsupported', async () => {
    const { llm } = scripted(
      'Answer: Ninety days.\nCitations: ["{top}"]',
      'Verdict: unsupported\nUnsupported Claims: ["Ninety days."]',
    );
    const res = await createDspyPipeline({ retriever: await bundledIndex(), llm, program }).answer(
      DEPOSIT_QUESTION,
      {},
    );
    expect(res.abstained).toBe(true);
    expect(res.verification.verdict).toBe('abstained');
    expect(res.verification.unsupportedClaims).toContain('Ninety days.');
  });

  it('abstains without calling the LLM when nothing relevant is retrieved', async () => {
    expect(await retrieveBundled(UNRELATED_QUESTION)).toEqual([]);
    const { llm, requests } = scripted('Answer: x\nCitations: ["{top}"]');
    const res = await createDspyPipeline({ retriever: await bundledIndex(), llm, program }).answer(
      UNRELATED_QUESTION,
      {},
    );
    expect(res.abstained).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it('keeps partially supported answers and reports the claims', async () => {
    const { llm } = scripted(
      `Answer: ${ANSWER}\nCitations: ["{top}", "nope#1"]`,
      'Verdict: partially_supported\nUnsupported Claims: ["returned by bank transfer"]',
    );
    const res = await createDspyPipeline({ retriever: await bundledIndex(), llm, program }).answer(
      DEPOSIT_QUESTION,
      {},
    );
    expect(res.abstained).toBe(false);
    expect(res.verification.verdict).toBe('partially_supported');
    expect(res.citations).toHaveLength(1);
    expect(res.citations[0]?.documentId).toBe('security-deposit-return-deadlines');
    expect(res.verification.unsupportedClaims).toEqual(
      expect.arrayContaining([
        'returned by bank transfer',
        'cites "nope#1", which is not a retrieved passage',
      ]),
    );
  });

  it('keeps concurrent answers apart (pooled Ax modules, per-call traces and usage)', async () => {
    const questions = [
      DEPOSIT_QUESTION,
      'How much notice must a landlord give before entering the unit?',
      'Are security deposits taxable rental income?',
    ];
    const scriptedLlm = createScriptedLlm({
      latencyMs: 20,
      respond: (r) =>
        r.system.includes('Verdict')
          ? 'Verdict: supported\nUnsupported Claims: []'
          : `Answer: From the passage.\nCitations: ["${firstPassageId(r.user) ?? 'none'}"]`,
    });
    const raw: RawTraceRecord[] = [];
    const pipeline = createDspyPipeline({
      retriever: await bundledIndex(),
      llm: scriptedLlm.llm,
      program,
      sinks: { raw: (r) => raw.push(r) },
    });
    const results = await Promise.all(
      [...questions, ...questions].map((q) => pipeline.answer(q, {})),
    );
    results.forEach((res, i) => {
      const q = questions[i % questions.length] ?? '';
      const reasoner = res.trace.find((e) => e.module === 'reasoner');
      const prompt = raw.find((r) => r.kind === 'prompt' && r.promptHash === reasoner?.promptHash);
      expect(prompt?.content).toContain(q);
      // One call's usage only, not the sum of calls that shared the instance.
      const tokens = reasoner?.tokens?.totalTokens ?? 0;
      expect(tokens).toBeGreaterThan(0);
      expect(tokens).toBe(
        results[(i + questions.length) % results.length]?.trace[1]?.tokens?.totalTokens,
      );
    });
  });

  it('refuses a program of another pipeline', async () => {
    const { llm } = scripted('');
    const extractive = buildProgram({
      name: 'x',
      pipeline: 'extractive',
      llm: null,
      retriever: DEFAULT_RETRIEVER,
      seed: 0,
    });
    const retriever = await bundledIndex();
    expect(() => createDspyPipeline({ retriever, llm, program: extractive })).toThrow(/not dspy/);
  });
});
