import { ax } from '@ax-llm/ax';
import { startOpenAiStubServer, type OpenAiStubServer } from '../../testing';
import {
  DEPOSIT_QUESTION,
  bundledIndex,
  firstPassageId,
  retrieveBundled,
} from '../../test-fixtures/llm-fixtures';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { llmConfigSchema } from '../config/llm-config';
import { buildProgram } from '../artifact/build-program';
import { DEFAULT_RETRIEVER } from '../artifact/default-program';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { defaultVerifierSpec } from '../programs/verifier-program';
import { createDspyPipeline } from '../pipeline/dspy-pipeline';
import { createBaselinePipeline } from '../pipeline/baseline-pipeline';
import type { TraceEvent } from '../model/answer-result';
import { createLlmService } from './llm-service';
import { AX_SERVICE_RENEW_EVERY } from './renewing-ax-service';

const REASONER_REPLY =
  'Reasoning: the lease says 30 days\nAnswer: At least 30 days of written notice.\nCitations: ["lease#0"]';

function config(stub: OpenAiStubServer, over: Record<string, unknown> = {}) {
  return llmConfigSchema.parse({
    provider: 'openai-compatible',
    model: 'stub-model',
    baseUrl: stub.baseUrl,
    seed: 42,
    timeoutMs: 2000,
    retries: 2,
    ...over,
  });
}

function reasonerOnly() {
  return buildProgram({
    name: 't',
    pipeline: 'dspy',
    modules: { reasoner: defaultReasonerSpec() },
    llm: null,
    retriever: DEFAULT_RETRIEVER,
    seed: 1,
  });
}

describe('LLM service against the OpenAI-compatible stub (real Ax HTTP client)', () => {
  let stub: OpenAiStubServer | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('keeps Ax latency history short: a fresh Ax instance every AX_SERVICE_RENEW_EVERY calls', async () => {
    stub = await startOpenAiStubServer({ reply: [REASONER_REPLY] });
    const llm = createLlmService(config(stub));
    const calls = AX_SERVICE_RENEW_EVERY + 20;
    const answers = new Set<string>();
    for (let i = 0; i < calls; i++) {
      const out = await ax('question:string -> answer:string, citations?:string[]').forward(
        llm.ai,
        { question: `q${i}` },
      );
      answers.add(String(out.answer));
    }
    expect(answers).toEqual(new Set(['At least 30 days of written notice.']));
    expect(stub.chatRequests()).toHaveLength(calls);
    // Ax keeps up to 1,000 samples per instance; this instance has served the last 20 calls.
    expect(llm.ai.getMetrics().latency.chat.samples).toHaveLength(20);
    // Every request still carries the seed (the options of the fresh instance are the same).
    expect(stub.chatRequests().every((r) => r.body['seed'] === 42)).toBe(true);
  });

  it.each([true, false])(
    'injects the seed and records the served model (stream=%s)',
    async (stream) => {
      stub = await startOpenAiStubServer({
        reply: [REASONER_REPLY],
        servedModel: 'stub-model-2025-01-01',
      });
      const llm = createLlmService(config(stub), { stream });
      if (stream) {
        const gen = ax('question:string, passages:string -> answer:string, citations?:string[]');
        const out = await gen.forward(llm.ai, { question: 'q?', passages: '[lease#0] text' });
        expect(out.answer).toBe('At least 30 days of written notice.');
      } else {
        const res = await llm.ai.chat(
          { chatPrompt: [{ role: 'user', content: 'q?' }] },
          { stream: false },
        );
        expect('results' in res && res.results[0]?.content).toBe(REASONER_REPLY);
      }
      const body = stub.chatRequests()[0]?.body;
      expect(body?.['seed']).toBe(42);
      expect(body?.['stream'] === true).toBe(stream);
      expect(llm.servedModel()).toBe('stub-model-2025-01-01');
    },
  );

  it('retries retryable statuses and dropped connections, then succeeds', async () => {
    stub = await startOpenAiStubServer({
      reply: [{ status: 503 }, { dropConnection: true }, REASONER_REPLY],
    });
    const llm = createLlmService(config(stub, { retries: 2 }), { retryDelayMs: 5 });
    const out = await ax('question:string -> answer:string').forward(llm.ai, { question: 'q?' });
    expect(out.answer).toContain('30 days');
    expect(stub.chatRequests()).toHaveLength(3);
    // Every attempt sends the same request (same seed, same prompt).
    const bodies = stub.chatRequests().map((r) => JSON.stringify(r.body));
    expect(new Set(bodies).size).toBe(1);
  });

  it('gives up after the configured retries with llm_error, without Ax asking again', async () => {
    stub = await startOpenAiStubServer({ reply: [{ status: 500 }] });
    const llm = createLlmService(config(stub, { retries: 1 }), { retryDelayMs: 5 });
    const events: TraceEvent[] = [];
    const pipeline = createDspyPipeline({
      retriever: await bundledIndex(),
      llm,
      program: reasonerOnly(),
      sinks: { trace: (e) => events.push(e) },
    });
    const started = Date.now();
    const err = await pipeline.answer(DEPOSIT_QUESTION, {}).catch((e: unknown) => e);
    expect(DspyPipelineError.isInstance(err) && err.code).toBe('llm_error');
    expect((err as Error).message).toContain('HTTP 500 (2 attempt(s))');
    expect(String((err as Error).message)).not.toContain('Riverton');
    // Ax 24 re-asks after a 5xx (1 s later); the exhausted policy stops it at once.
    expect(stub.chatRequests()).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(900);
    const reasoner = events.find((e) => e.module === 'reasoner');
    expect(reasoner?.error).toBe('llm_error');
    // No reply, so no chat-log entry: the event names no prompt rather than a wrong one.
    expect(reasoner?.promptHash).toBeUndefined();
  });

  it('maps statuses that are not retried to llm_error naming the fix, for the baseline too', async () => {
    stub = await startOpenAiStubServer({ reply: [{ status: 401 }] });
    const llm = createLlmService(config(stub, { retries: 2, apiKey: 'sk-secret-1' }), {
      retryDelayMs: 5,
    });
    const pipeline = createBaselinePipeline({ retriever: await bundledIndex(), llm });
    const err = await pipeline.answer(DEPOSIT_QUESTION, {}).catch((e: unknown) => e);
    expect(DspyPipelineError.isInstance(err) && err.code).toBe('llm_error');
    expect((err as Error).message).toContain('HTTP 401 (1 attempt(s))');
    expect((err as Error).message).toContain('CITED_LLM_API_KEY');
    expect((err as Error).message).not.toContain('sk-secret-1');
    expect(stub.chatRequests()).toHaveLength(1);
  });

  it("stops at once when the caller's signal aborts, freeing the concurrency slot", async () => {
    stub = await startOpenAiStubServer({ latencyMs: 300, reply: [REASONER_REPLY] });
    const llm = createLlmService(config(stub, { concurrency: 1 }));
    const pipeline = createDspyPipeline({
      retriever: await bundledIndex(),
      llm,
      program: reasonerOnly(),
    });
    const controller = new AbortController();
    const started = Date.now();
    const pending = pipeline.answer(DEPOSIT_QUESTION, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    const err = await pending.catch((e: unknown) => e);
    expect(DspyPipelineError.isInstance(err) && err.code).toBe('llm_error');
    expect(Date.now() - started).toBeLessThan(250);
    expect(stub.chatRequests()).toHaveLength(1);
    // The one slot is free again: a second call goes through.
    const out = await ax('question:string -> answer:string').forward(llm.ai, { question: 'q?' });
    expect(out.answer).toContain('30 days');
  });

  it('times out each attempt and reports llm_timeout through the pipeline', async () => {
    stub = await startOpenAiStubServer({ reply: [{ delayMs: 1000, content: REASONER_REPLY }] });
    const llm = createLlmService(config(stub, { timeoutMs: 100, retries: 1 }), { retryDelayMs: 5 });
    const events: TraceEvent[] = [];
    const pipeline = createDspyPipeline({
      retriever: await bundledIndex(),
      llm,
      program: reasonerOnly(),
      sinks: { trace: (e) => events.push(e) },
    });
    const started = Date.now();
    const err = await pipeline.answer(DEPOSIT_QUESTION, {}).catch((e: unknown) => e);
    expect(DspyPipelineError.isInstance(err) && err.code).toBe('llm_timeout');
    // Two 100 ms attempts; Ax's own 1 s pause before re-asking is aborted (no third request).
    expect(Date.now() - started).toBeLessThan(1150);
    expect(stub.chatRequests()).toHaveLength(2);
    expect(events.find((e) => e.module === 'reasoner')?.error).toBe('llm_timeout');
  });

  it('limits concurrent requests, served in order', async () => {
    stub = await startOpenAiStubServer({ latencyMs: 100, reply: [REASONER_REPLY] });
    let active = 0;
    let peak = 0;
    // Counts requests between leaving the wrapper and their reply (global fetch underneath).
    const counting = (async (input: string | URL | Request, init?: RequestInit) => {
      peak = Math.max(peak, ++active);
      try {
        return await fetch(input, init);
      } finally {
        active--;
      }
    }) as typeof fetch;
    const llm = createLlmService(config(stub, { concurrency: 2 }), { baseFetch: counting });
    const gen = ax('question:string -> answer:string');
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map((i) => gen.forward(llm.ai, { question: `q${i}?` })));
    expect(peak).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    const order = stub.chatRequests().map((r) => JSON.stringify(r.body).match(/q(\d)\?/)?.[1]);
    // First in, first out: the two waiting calls go after the first two.
    expect([order.slice(0, 2).sort(), order.slice(2).sort()]).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('runs the dspy and baseline pipelines end to end over HTTP with served-model traces', async () => {
    // The stub cites the first passage of the prompt: what the real bundled index returned.
    const answer = 'Within 21 days after the tenant moves out.';
    stub = await startOpenAiStubServer({
      servedModel: 'stub-served',
      reply: (body) => {
        const messages = body['messages'] as Array<{ role: string; content: unknown }>;
        const text = JSON.stringify(messages);
        const user = messages.filter((m) => m.role === 'user').pop();
        const id = firstPassageId(JSON.stringify(user?.content ?? '')) ?? 'none';
        if (text.includes('single JSON object')) return JSON.stringify({ answer, citations: [id] });
        return text.includes('Verdict')
          ? 'Verdict: supported\nUnsupported Claims: []'
          : `Reasoning: the ordinance says 21 days\nAnswer: ${answer}\nCitations: ["${id}"]`;
      },
    });
    const top = (await retrieveBundled(DEPOSIT_QUESTION))[0];
    expect(top?.documentId).toBe('security-deposit-return-deadlines');
    const llm = createLlmService(config(stub));
    const program = buildProgram({
      name: 't',
      pipeline: 'dspy',
      modules: { reasoner: defaultReasonerSpec(), verifier: defaultVerifierSpec() },
      llm,
      retriever: DEFAULT_RETRIEVER,
      seed: 1,
    });
    const dspy = await createDspyPipeline({ retriever: await bundledIndex(), llm, program }).answer(
      DEPOSIT_QUESTION,
      {},
    );
    expect(dspy.abstained).toBe(false);
    expect(dspy.citations.map((c) => c.id)).toEqual([top?.id]);
    expect(dspy.trace.filter((e) => e.servedModel === 'stub-served').map((e) => e.module)).toEqual([
      'reasoner',
      'verifier',
    ]);
    const before = stub.chatRequests().length;
    const baseline = await createBaselinePipeline({ retriever: await bundledIndex(), llm }).answer(
      DEPOSIT_QUESTION,
      {},
    );
    expect(stub.chatRequests().length - before).toBe(1);
    expect(baseline.citations.map((c) => c.id)).toEqual([top?.id]);
    expect(baseline.verification.verdict).toBe('supported');
    // No credential reaches the program artifact.
    expect(JSON.stringify(program)).not.toContain('no-key');
  });
});
