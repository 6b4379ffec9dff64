import { ai, axGlobals, type AxAIService } from '@ax-llm/ax';
import { startOpenAiStubServer } from '../../testing';
import { llmConfigSchema } from '../config/llm-config';
import { capAxLatencySamples } from './ax-latency-samples';
import { createLlmService } from './llm-service';
import { memoizeServiceOptions } from './options-memo';

function service(): AxAIService {
  return ai({
    name: 'openai-compatible',
    apiKey: 'k',
    apiURL: 'http://127.0.0.1:1/v1',
    config: { model: 'm' },
  } as Parameters<typeof ai>[0]) as unknown as AxAIService;
}

describe('memoizeServiceOptions', () => {
  afterEach(() => {
    axGlobals.debug = undefined;
  });

  it('returns the same options object until something it depends on changes', () => {
    const plain = service();
    const memo = memoizeServiceOptions(service());
    const first = memo.getOptions();
    expect(memo.getOptions()).toBe(first);
    expect(first).toEqual(plain.getOptions());
    expect(plain.getOptions()).not.toBe(plain.getOptions());

    memo.setOptions({ timeout: 1234 });
    expect(memo.getOptions()).not.toBe(first);
    expect(memo.getOptions().timeout).toBe(1234);

    const before = memo.getOptions();
    axGlobals.debug = true;
    expect(memo.getOptions()).not.toBe(before);
    expect(memo.getOptions().debug).toBe(true);
  });

  it('memoizes the wrapped provider client too, and forgets on setOptions through the wrapper', () => {
    const memo = memoizeServiceOptions(service());
    const inner = (memo as unknown as { ai: AxAIService }).ai;
    const first = inner.getOptions();
    expect(inner.getOptions()).toBe(first);
    memo.setOptions({ timeout: 4321 });
    expect(inner.getOptions()).not.toBe(first);
    expect(inner.getOptions().timeout).toBe(4321);
  });
});

describe('capAxLatencySamples', () => {
  it('keeps Ax latency metrics working with a bounded history', async () => {
    const stub = await startOpenAiStubServer({ reply: ['Answer: ok'] });
    try {
      const llm = createLlmService(
        llmConfigSchema.parse({ provider: 'openai-compatible', model: 'm', baseUrl: stub.baseUrl }),
      );
      const uncapped = ai({
        name: 'openai-compatible',
        apiKey: 'k',
        apiURL: stub.baseUrl,
        config: { model: 'm' },
      } as Parameters<typeof ai>[0]) as unknown as AxAIService;
      expect(capAxLatencySamples(uncapped, 3)).toBe(true);
      for (let i = 0; i < 6; i++) {
        await uncapped.chat(
          { chatPrompt: [{ role: 'user', content: `q${i}` }] },
          { stream: false },
        );
        await llm.ai.chat({ chatPrompt: [{ role: 'user', content: `q${i}` }] }, { stream: false });
      }
      const metrics = uncapped.getMetrics();
      expect(metrics.latency.chat.samples).toHaveLength(3);
      expect(metrics.latency.chat.p95).toBeGreaterThan(0);
      expect(llm.ai.getMetrics().latency.chat.samples).toHaveLength(6);
    } finally {
      await stub.close();
    }
  });

  it('changes nothing on a service without that state', () => {
    expect(capAxLatencySamples({} as AxAIService)).toBe(false);
  });
});
