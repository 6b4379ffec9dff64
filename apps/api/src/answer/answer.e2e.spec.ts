import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { postJson, startTestApp, type TestApp } from '../test-fixtures/test-app';

// The real HTTP stack, default configuration (local mode, extractive, bundled corpus).
describe('POST /v1/answer (local mode, bundled corpus, extractive)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers a corpus question with citations, program and timings', async () => {
    const r = await postJson(`${t.base}/v1/answer`, {
      question: 'How long do I have to keep records for my rental property?',
    });
    expect(r.status).toBe(200);
    expect(r.json['pipeline']).toBe('extractive');
    expect(r.json['degraded']).toBe(false);
    expect(typeof r.json['answer']).toBe('string');
    const citations = r.json['citations'] as {
      id: string;
      documentId: string;
      title: string;
      snippet: string;
      score: number;
    }[];
    expect(citations.length).toBeGreaterThan(0);
    expect(citations[0]?.id).toMatch(/#\d+$/);
    expect(citations.some((c) => /record/i.test(c.documentId))).toBe(true);
    expect(r.json['program']).toEqual({
      name: 'cited-default-extractive',
      id: expect.stringMatching(/^[0-9a-f]{12}$/),
      version: null,
      source: 'default',
    });
    const verification = r.json['verification'] as { verdict: string; unsupportedClaims: string[] };
    expect(['supported', 'partially_supported', 'unsupported', 'abstained']).toContain(
      verification.verdict,
    );
    const timings = r.json['timings'] as Record<string, number>;
    expect(timings['totalMs']).toBeGreaterThanOrEqual(timings['retrievalMs'] ?? 0);
    expect(r.json['requestId']).toBe(r.headers.get('x-request-id'));
  });

  it('abstains on a question the corpus cannot answer', async () => {
    const r = await postJson(`${t.base}/v1/answer`, {
      question: 'What is the boiling point of tungsten on Mars?',
    });
    expect(r.status).toBe(200);
    expect(r.json['abstained']).toBe(true);
    expect((r.json['verification'] as { verdict: string }).verdict).toBe('abstained');
  });

  it('keeps a safe caller request id and replaces an unsafe one', async () => {
    const ok = await postJson(
      `${t.base}/v1/answer`,
      { question: 'security deposit' },
      { 'x-request-id': 'trace-abc.123' },
    );
    expect(ok.json['requestId']).toBe('trace-abc.123');
    const bad = await postJson(
      `${t.base}/v1/answer`,
      { question: 'security deposit' },
      { 'x-request-id': 'has spaces <script>' },
    );
    expect(bad.json['requestId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [{}, 'question'],
    [{ question: '' }, 'question'],
    [{ question: '   ' }, 'question'],
    [{ question: 42 }, 'question'],
    [{ question: 'x'.repeat(2001) }, 'question'], // over the 2,000-character limit
    [{ question: 'ok', topK: 21 }, 'topK'],
    [{ question: 'ok', topK: 0 }, 'topK'],
    [{ question: 'ok', topK: 2.5 }, 'topK'],
    [{ question: 'ok', pipeline: 'magic' }, 'pipeline'],
    [{ question: 'ok', tenantId: 'bad tenant!' }, 'tenantId'],
    [{ question: 'ok', extra: 1 }, 'body'],
    [[1, 2], 'body'],
  ])('400 problem+json naming the field (case %#)', async (body, field) => {
    const r = await postJson(`${t.base}/v1/answer`, body);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.json).toMatchObject({ status: 400, code: 'invalid_request', instance: '/v1/answer' });
    expect(String(r.json['field'])).toBe(field);
    expect(String(r.json['detail'])).toContain(field === 'body' ? '' : field);
    expect(JSON.stringify(r.json)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('400 for malformed JSON, 415 for another media type, 413 above 16 KB', async () => {
    const malformed = await postJson(`${t.base}/v1/answer`, '{"question": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json['code']).toBe('invalid_json');
    expect(malformed.headers.get('content-type')).toMatch(/problem\+json/);

    const text = await fetch(`${t.base}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { code: string }).code).toBe('unsupported_media_type');

    const big = await postJson(`${t.base}/v1/answer`, { question: 'x'.repeat(17_000) });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(String(big.json['detail'])).toMatch(/16384 bytes/);
  });

  it('404 problem+json for unknown routes and methods', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['DELETE', '/v1/answer'],
      ['GET', '/v1/answer'],
    ] as const) {
      const res = await fetch(`${t.base}${path}`, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 404, code: 'not_found', instance: path });
    }
  });

  it('serves /healthz, /readyz with each component, and the active programs', async () => {
    expect(await (await fetch(`${t.base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      status: string;
      checks: Record<string, { status: string }>;
    };
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual([
      'index',
      'llm',
      'mlflow',
      'program',
      'routing',
    ]);
    expect(body.checks['index']).toMatchObject({ status: 'ok', origin: 'built', tenants: 1 });
    expect(body.checks['llm']?.status).toBe('not_configured');
    expect(body.checks['mlflow']?.status).toBe('disabled');

    const active = (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
      primary: { pipeline: string; source: string };
      pipelines: {
        pipeline: string;
        available: boolean;
        program: { validation: { ok: boolean; checks: { name: string }[] } } | null;
      }[];
    };
    expect(active.primary).toMatchObject({ pipeline: 'extractive', source: 'default' });
    const extractive = active.pipelines.find((p) => p.pipeline === 'extractive');
    expect(extractive?.available).toBe(true);
    expect(extractive?.program?.validation.ok).toBe(true);
    expect(extractive?.program?.validation.checks.map((c) => c.name)).toEqual([
      'size',
      'schema',
      'name',
      'scrub',
      'compatibility',
      'dry_run_render',
      'dry_run_sample',
    ]);
    expect(active.pipelines.find((p) => p.pipeline === 'dspy')?.available).toBe(false);
  });

  it('exposes Prometheus metrics by pipeline and outcome', async () => {
    await postJson(`${t.base}/v1/answer`, { question: 'Is a security deposit rental income?' });
    const res = await fetch(`${t.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /cited_answer_duration_seconds_bucket\{[^}]*pipeline="extractive"[^}]*outcome="(answered|abstained)"/,
    );
    expect(text).toMatch(/cited_retrieval_duration_seconds_count\{pipeline="extractive"\} [1-9]/);
    expect(text).toMatch(
      /cited_verifier_verdicts_total\{pipeline="extractive",verdict="\w+"\} [1-9]/,
    );
    expect(text).toMatch(/cited_program_reloads_total\{source="default",result="loaded"\} 1/);
    expect(text).toContain('cited_fallbacks_total');
    expect(text).toContain('cited_llm_duration_seconds');
  });

  it('serves Swagger UI and a complete OpenAPI document with problem+json errors', async () => {
    const ui = await fetch(`${t.base}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
    const doc = (await (await fetch(`${t.base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
      components: {
        schemas: Record<
          string,
          { properties?: Record<string, { maxLength?: number; maximum?: number }> }
        >;
      };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/healthz',
        '/metrics',
        '/readyz',
        '/v1/answer',
        '/v1/feedback',
        '/v1/programs/active',
        '/v1/programs/reload',
        '/v1/programs/rollback/reset',
      ].sort(),
    );
    const answer = doc.paths['/v1/answer']?.['post'];
    expect(Object.keys(answer?.responses ?? {}).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '413',
      '415',
      '429',
      '500',
      '503',
      '504',
    ]);
    expect(answer?.responses['400']?.content).toHaveProperty(['application/problem+json']);
    expect(doc.components.schemas['ProblemDetails']).toBeDefined();
    expect(doc.components.schemas['AnswerRequestDto']?.properties?.['question']?.maxLength).toBe(
      2000,
    );
    expect(doc.components.schemas['AnswerRequestDto']?.properties?.['topK']?.maximum).toBe(20);
    expect(doc.components.schemas['AnswerResponseDto']).toBeDefined();
  });

  it('publishes the /v1/answer operation as pinned by its fixture', async () => {
    // The published contract: the operation, its schemas and the order of paths must not
    // change, key order included.
    const expected = JSON.parse(
      readFileSync(join(__dirname, '../test-fixtures/answer-operation.openapi.json'), 'utf8'),
    ) as { paths: string[]; '/v1/answer': unknown; schemas: Record<string, unknown> };
    const doc = (await (await fetch(`${t.base}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(expected.paths);
    expect(JSON.stringify(doc.paths['/v1/answer'])).toBe(JSON.stringify(expected['/v1/answer']));
    for (const [name, schema] of Object.entries(expected.schemas))
      expect(JSON.stringify(doc.components.schemas[name])).toBe(JSON.stringify(schema));
  });
});

describe('configurable limits', () => {
  it('applies CITED_MAX_QUESTION_CHARS, CITED_MAX_TOP_K and CITED_MAX_BODY_BYTES', async () => {
    const t = await startTestApp({
      CITED_MAX_QUESTION_CHARS: '10',
      CITED_MAX_TOP_K: '3',
      CITED_MAX_BODY_BYTES: '1024',
    });
    try {
      expect(
        (await postJson(`${t.base}/v1/answer`, { question: 'x'.repeat(11) })).json['field'],
      ).toBe('question');
      expect(
        (await postJson(`${t.base}/v1/answer`, { question: 'deposit', topK: 4 })).json['field'],
      ).toBe('topK');
      expect((await postJson(`${t.base}/v1/answer`, { question: 'deposit', topK: 3 })).status).toBe(
        200,
      );
      expect(
        (await postJson(`${t.base}/v1/answer`, { question: 'deposit', pad: 'x'.repeat(1100) }))
          .status,
      ).toBe(413);
      const doc = (await (await fetch(`${t.base}/openapi.json`)).json()) as {
        components: {
          schemas: Record<
            string,
            { properties: Record<string, { maxLength?: number; maximum?: number }> }
          >;
        };
      };
      expect(doc.components.schemas['AnswerRequestDto']?.properties['question']?.maxLength).toBe(
        10,
      );
      expect(doc.components.schemas['AnswerRequestDto']?.properties['topK']?.maximum).toBe(3);
    } finally {
      await t.close();
    }
  });
});
