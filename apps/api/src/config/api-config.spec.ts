import { ApiConfigError, loadApiConfig, parseApiKeys } from './api-config';

const HASH = 'a'.repeat(64);

describe('loadApiConfig', () => {
  it('refuses CITED_EMBED_MODEL without an LLM provider, naming both variables', () => {
    expect(() => loadApiConfig({ CITED_EMBED_MODEL: 'text-embedding-3-small' })).toThrow(
      /CITED_EMBED_MODEL.*CITED_LLM_PROVIDER/,
    );
    expect(
      loadApiConfig({
        CITED_EMBED_MODEL: 'e',
        CITED_LLM_PROVIDER: 'ollama',
        CITED_LLM_MODEL: 'm',
      }).retrieval.embedModel,
    ).toBe('e');
  });

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
    ['CITED_MAX_QUESTION_CHARS', '0'],
    ['CITED_MAX_TOP_K', '1000'],
    ['CITED_MAX_BODY_BYTES', '10'],
    ['CITED_ALLOW_PIPELINE_OVERRIDE', 'perhaps'],
    ['CITED_LOG_LEVEL', 'loud'],
    ['CITED_ROLLBACK_THRESHOLD', '1.5'],
    ['CITED_ROLLBACK_RECOVERY', 'sometimes'],
    ['CITED_ADMIN_TENANTS', 'ok,bad tenant'],
    ['CITED_FLAGS_POLL_MS', '5'],
    ['CITED_QDRANT_COLLECTION', 'bad/collection'],
    ['CITED_READY_PROBE_TIMEOUT_MS', '1'],
    ['CITED_OTEL_ENABLED', 'sure'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
    ['CITED_HEAP_GROWING_PERCENT', '-1'],
    ['CITED_HEAP_GROWING_PERCENT', '500'],
    ['CITED_HEAP_GROWING_PERCENT', '12.5'],
  ])('names %s when it is invalid', (name, value) => {
    expect(() =>
      loadApiConfig({
        [name]: value,
        CITED_LLM_PROVIDER: name === 'CITED_LLM_TEMPERATURE' ? 'ollama' : undefined,
        CITED_LLM_MODEL: 'm',
      }),
    ).toThrow(new RegExp(name));
  });

  it('keeps tracing off and Qdrant unused by default, and reads them when set', () => {
    const d = loadApiConfig({});
    expect(d.server).toMatchObject({
      otelEnabled: false,
      otelEndpoint: 'http://127.0.0.1:4318',
      otelServiceName: 'cited-api',
      qdrantCollection: 'cited',
    });
    expect(d.retrieval.qdrantUrl).toBeUndefined();
    const c = loadApiConfig({
      CITED_OTEL_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example:4318',
      OTEL_SERVICE_NAME: 'cited-api-eu',
      QDRANT_URL: 'http://127.0.0.1:6333',
      QDRANT_API_KEY: 'k',
      CITED_QDRANT_COLLECTION: 'docs_v2',
    });
    expect(c.server).toMatchObject({
      otelEnabled: true,
      otelEndpoint: 'https://otel.example:4318',
      otelServiceName: 'cited-api-eu',
      qdrantCollection: 'docs_v2',
    });
    expect(c.retrieval).toMatchObject({ qdrantUrl: 'http://127.0.0.1:6333', qdrantApiKey: 'k' });
  });

  it('defaults the API limits and settings', () => {
    const s = loadApiConfig({}).server;
    expect(s).toMatchObject({
      maxQuestionChars: 2000,
      maxTopK: 20,
      defaultTopK: 5,
      maxBodyBytes: 16_384,
      allowPipelineOverride: false,
      logText: false,
      rollbackRecovery: 'auto',
      adminTenants: [],
      heapGrowingPercent: 50,
    });
    expect(loadApiConfig({ CITED_HEAP_GROWING_PERCENT: '0' }).server.heapGrowingPercent).toBe(0);
    expect(loadApiConfig({ CITED_MAX_TOP_K: '3' }).server.defaultTopK).toBe(3);
    expect(() => loadApiConfig({ CITED_MAX_TOP_K: '3', CITED_DEFAULT_TOP_K: '4' })).toThrow(
      /CITED_DEFAULT_TOP_K/,
    );
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
