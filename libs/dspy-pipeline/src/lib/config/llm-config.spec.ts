import { llmConfigFromEnv } from './llm-config';

describe('llmConfigFromEnv', () => {
  const base = {
    CITED_LLM_PROVIDER: 'openai-compatible',
    CITED_LLM_MODEL: 'm',
    CITED_LLM_BASE_URL: 'http://127.0.0.1:1/v1',
  };

  it('returns null without a provider', () => {
    expect(llmConfigFromEnv({})).toBeNull();
  });

  it('limits LLM calls in flight to 8 unless CITED_LLM_CONCURRENCY says otherwise', () => {
    expect(llmConfigFromEnv(base)?.concurrency).toBe(8);
    expect(llmConfigFromEnv({ ...base, CITED_LLM_CONCURRENCY: '128' })?.concurrency).toBe(128);
  });

  it.each(['0', '257', '2.5', 'many'])('refuses CITED_LLM_CONCURRENCY=%s, naming it', (v) => {
    expect(() => llmConfigFromEnv({ ...base, CITED_LLM_CONCURRENCY: v })).toThrow(
      /CITED_LLM_CONCURRENCY/,
    );
  });
});
