import type { OpenAiStubServer } from '@cited/dspy-pipeline/testing';
import {
  llmEnv,
  startScriptedStub,
  writeDspyProgram,
  type LlmScript,
} from '../test-fixtures/llm-fixtures';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';

jest.setTimeout(60_000);

const Q = 'How much notice must a tenant give before moving out?';

interface Circuit {
  state: string;
  consecutiveFailures: number;
  transitions: { from: string; to: string; reason: string }[];
}

describe('the circuit breaker of the LLM endpoint (LLM = stub server)', () => {
  const script: LlmScript = { reasoner: 'ok', verdict: 'supported', baseline: 'ok', delayMs: 0 };
  let stub: OpenAiStubServer;
  let t: TestApp;

  const ask = async () => {
    const t0 = performance.now();
    const r = await postJson(`${t.base}/v1/answer`, { question: Q });
    return { ...r, ms: performance.now() - t0 };
  };
  const readyz = async () =>
    (await (await fetch(`${t.base}/readyz`)).json()) as {
      status: string;
      reasons: string[];
      checks: { llm: { status: string; circuit: Circuit } };
    };
  const metrics = async () => (await fetch(`${t.base}/metrics`)).text();

  beforeAll(async () => {
    stub = await startScriptedStub(script);
    const dir = tempDir();
    t = await startTestApp(
      {
        ...llmEnv(stub),
        // Each LLM call: 3 attempts of 250 ms plus 250 + 500 ms of backoff when it hangs.
        CITED_LLM_TIMEOUT_MS: '250',
        CITED_PROGRAM_PATH: writeDspyProgram(dir),
        CITED_LLM_BREAKER_FAILURES: '2',
        CITED_LLM_BREAKER_COOLDOWN_S: '1',
        CITED_ROLLBACK_MIN_REQUESTS: '1000',
      },
      { dir },
    );
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  it('serves dspy while the LLM answers', async () => {
    expect((await ask()).json).toMatchObject({ pipeline: 'dspy', degraded: false });
    expect((await readyz()).checks.llm.circuit).toMatchObject({ state: 'closed' });
  });

  it('a hanging LLM opens it: answers then go straight to the fallback, without waiting', async () => {
    script.delayMs = 30_000;
    const first = await ask();
    expect(first.json).toMatchObject({
      pipeline: 'extractive',
      degraded: true,
      degradedReason: 'upstream_error',
    });
    const next = [];
    for (let i = 0; i < 5; i++) next.push(await ask());
    for (const r of next) {
      expect(r.json).toMatchObject({ pipeline: 'extractive', degradedReason: 'upstream_error' });
      // Not one more LLM timeout (≥ 1.5 s a call): the breaker answers at once.
      expect(r.ms).toBeLessThan(500);
    }
    const ready = await readyz();
    expect(ready.status).toBe('degraded');
    expect(ready.reasons).toEqual(expect.arrayContaining(['llm_circuit_open']));
    expect(ready.checks.llm.status).toBe('degraded');
    expect(ready.checks.llm.circuit).toMatchObject({ state: 'open', consecutiveFailures: 2 });
    expect(ready.checks.llm.circuit.transitions[0]).toMatchObject({ from: 'closed', to: 'open' });
    const m = await metrics();
    expect(m).toMatch(/cited_llm_circuit_state\{endpoint="openai-compatible"\} 2/);
    expect(m).toMatch(
      /cited_llm_circuit_transitions_total\{endpoint="openai-compatible",from="closed",to="open"\} 1/,
    );
  });

  it('after the cool-down one probe tries the LLM; others keep going to the fallback; a failed probe opens it again', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const probe = ask();
    await new Promise((r) => setTimeout(r, 100));
    const during = await ask();
    expect(during.ms).toBeLessThan(500);
    expect(during.json).toMatchObject({ pipeline: 'extractive', degradedReason: 'upstream_error' });
    expect((await probe).ms).toBeGreaterThan(1000);
    const circuit = (await readyz()).checks.llm.circuit;
    expect(circuit.state).toBe('open');
    expect(circuit.transitions.slice(0, 2).map((x) => `${x.from}>${x.to}`)).toEqual([
      'half_open>open',
      'open>half_open',
    ]);
  });

  it('a successful probe closes it and dspy answers again', async () => {
    script.delayMs = 0;
    await new Promise((r) => setTimeout(r, 1100));
    expect((await ask()).json).toMatchObject({ pipeline: 'dspy', degraded: false });
    expect((await readyz()).checks.llm.circuit).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
    });
    expect(await metrics()).toMatch(/cited_llm_circuit_state\{endpoint="openai-compatible"\} 0/);
  });

  it('a reply the pipeline cannot parse is an upstream error: counted, the fallback answers, the rollback monitor sees it', async () => {
    script.reasoner = 'garbage';
    expect((await ask()).json).toMatchObject({
      pipeline: 'baseline',
      degraded: true,
      degradedReason: 'upstream_error',
    });
    script.baseline = 'garbage';
    expect((await ask()).json).toMatchObject({
      pipeline: 'extractive',
      degraded: true,
      degradedReason: 'upstream_error',
    });
    script.reasoner = 'ok';
    script.baseline = 'ok';
    const m = await metrics();
    expect(m).toMatch(/cited_llm_invalid_replies_total\{pipeline="dspy"\} 2/);
    expect(m).toMatch(/cited_llm_invalid_replies_total\{pipeline="baseline"\} 1/);
    const active = (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
      rollback: { windowRequests: number; windowBadRate: number };
    };
    expect(active.rollback.windowBadRate).toBeGreaterThan(0);
    // Two unusable replies in a row: the breaker counts them like any upstream failure.
    expect((await readyz()).checks.llm.circuit.state).toBe('open');
  });
});
