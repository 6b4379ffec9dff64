import type { OpenAiStubServer } from '@cited/dspy-pipeline/testing';
import { llmEnv, startScriptedStub } from '../test-fixtures/llm-fixtures';
import { postJson, startTestApp } from '../test-fixtures/test-app';
import { closeGracefully } from './graceful-shutdown';

describe('graceful shutdown', () => {
  let stub: OpenAiStubServer;
  beforeAll(async () => {
    // Every LLM reply takes 800 ms: a request is in flight while the app closes.
    stub = await startScriptedStub({
      reasoner: 'ok',
      verdict: 'supported',
      baseline: 'ok',
      delayMs: 800,
    });
  });
  afterAll(async () => {
    await stub.close();
  });

  it('stops accepting, finishes the request in flight, then closes', async () => {
    const t = await startTestApp({ ...llmEnv(stub), CITED_ALLOW_PIPELINE_OVERRIDE: 'true' });
    const inFlight = postJson(`${t.base}/v1/answer`, {
      question: 'How much notice must a tenant give?',
      pipeline: 'baseline',
    });
    await new Promise((r) => setTimeout(r, 200));
    const closing = closeGracefully(t.app, t.runtime, 5000);
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${t.base}/healthz`)).rejects.toThrow();
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(r.json['pipeline']).toBe('baseline');
    expect(await closing).toBe(true);
    await t.close().catch(() => undefined);
  });

  it('cuts connections still open at the deadline', async () => {
    const t = await startTestApp({ ...llmEnv(stub), CITED_ALLOW_PIPELINE_OVERRIDE: 'true' });
    const inFlight = postJson(`${t.base}/v1/answer`, {
      question: 'How much notice must a tenant give?',
      pipeline: 'baseline',
    }).then(
      (r) => r.status,
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(await closeGracefully(t.app, t.runtime, 200)).toBe(false);
    expect(await inFlight).toBe('cut');
    expect(t.logs.records().some((r) => r['event'] === 'shutdown_deadline')).toBe(true);
    await t.close().catch(() => undefined);
  });
});
