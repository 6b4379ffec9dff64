import { ai, axGlobals, type AxAIService } from '@ax-llm/ax';
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
});
