import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OpenAiStubServer } from '@cited/dspy-pipeline/testing';
import { FLAG_PROVIDER } from '../flags/flag-provider.token';
import type { JsonFileFlagProvider } from '../flags/json-file-flag-provider';
import { API_TRACING } from '../observability/api-tracing.token';
import type { ApiTracing } from '../observability/tracing';
import type { QaEngine } from '../pipelines/qa-engine';
import { QA_ENGINE } from '../pipelines/qa-engine.token';
import { ProgramManager } from '../programs/program-manager';
import { llmEnv, startScriptedStub } from '../test-fixtures/llm-fixtures';
import { postJson, startTestApp } from '../test-fixtures/test-app';
import { closeGracefully } from './graceful-shutdown';
import { ShutdownState } from './shutdown-state';

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
    const closing = closeGracefully(t.app, 5000);
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
    expect(await closeGracefully(t.app, 200)).toBe(false);
    expect(await inFlight).toBe('cut');
    expect(t.logs.records().some((r) => r['event'] === 'shutdown_deadline')).toBe(true);
    await t.close().catch(() => undefined);
  });
});

describe('closing the app', () => {
  it("stops each part's background work: programs, then the engine, tracing last", async () => {
    const t = await startTestApp(
      { CITED_OTEL_ENABLED: 'true' },
      { spanExporter: new InMemorySpanExporter() },
    );
    const programs = jest.spyOn(t.app.get(ProgramManager), 'onApplicationShutdown');
    const engine = jest.spyOn(t.app.get<QaEngine>(QA_ENGINE), 'onApplicationShutdown');
    const tracing = jest.spyOn(t.app.get<ApiTracing>(API_TRACING), 'onApplicationShutdown');
    // The default provider: the JSON flags file one, which polls its file.
    const flags = jest.spyOn(t.app.get<JsonFileFlagProvider>(FLAG_PROVIDER), 'onClose');
    expect(t.app.get(ShutdownState).closing).toBe(false);
    await t.close();
    expect(t.app.get(ShutdownState).closing).toBe(true);
    for (const spy of [programs, engine, tracing, flags]) expect(spy).toHaveBeenCalledTimes(1);
    const order = (spy: jest.SpyInstance): number => spy.mock.invocationCallOrder[0] ?? 0;
    expect(order(programs)).toBeLessThan(order(engine));
    expect(order(engine)).toBeLessThan(order(tracing));
  });
});
