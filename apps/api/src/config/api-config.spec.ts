import { ApiConfigError, loadApiConfig, parseApiKeys } from './api-config';

const HASH = 'a'.repeat(64);

describe('loadApiConfig', () => {
  it('defaults to port 3000, local mode, the cited-qa@production program', () => {
    const c = loadApiConfig({});
    expect(c.server.port).toBe(3000);
    expect(c.server.apiKeys).toEqual([]);
    expect(c.program).toEqual({ modelName: 'cited-qa', modelAlias: 'production' });
    expect(c.llm).toBeNull();
    expect(c.mlflow.trackingUri).toBe('http://127.0.0.1:5000');
  });

  it.each([
    ['PORT', 'x'],
    ['PORT', '70000'],
    ['CITED_RATE_LIMIT_RPM', '0'],
    ['CITED_REGISTRY_POLL_S', 'soon'],
    ['CITED_KILL_SWITCH', 'maybe'],
    ['CITED_API_KEYS', 'nothex:tenant'],
    ['CITED_LLM_TEMPERATURE', '9'],
    ['CITED_MODEL_ALIAS', 'bad alias'],
    ['QDRANT_URL', 'not a url'],
    ['CITED_PII_HMAC_KEY', 'short'],
  ])('names %s when it is invalid', (name, value) => {
    expect(() =>
      loadApiConfig({
        [name]: value,
        CITED_LLM_PROVIDER: name === 'CITED_LLM_TEMPERATURE' ? 'ollama' : undefined,
        CITED_LLM_MODEL: 'm',
      }),
    ).toThrow(new RegExp(name));
  });

  it('parses API keys into tenants and rejects malformed entries', () => {
    expect(parseApiKeys(`${HASH}:tenant-a, ${'b'.repeat(64)}:tenant-b`)).toEqual([
      { sha256: HASH, tenantId: 'tenant-a' },
      { sha256: 'b'.repeat(64), tenantId: 'tenant-b' },
    ]);
    expect(() => parseApiKeys(`${HASH}`)).toThrow(ApiConfigError);
    expect(() => parseApiKeys(`${HASH}:a:b`)).toThrow(/entry 1/);
  });
});
