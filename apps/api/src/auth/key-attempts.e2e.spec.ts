import { createHash } from 'node:crypto';
import { postJson, startTestApp, type TestApp } from '../test-fixtures/test-app';

const sha = (k: string): string => createHash('sha256').update(k).digest('hex');
const KEY = 'cited_the-one-valid-key';
const keys = { CITED_API_KEYS: `${sha(KEY)}:default`, CITED_RATE_LIMIT_RPM: '6000' };

async function ask(t: TestApp, key: string, headers: Record<string, string> = {}) {
  return postJson(`${t.base}/v1/answer`, { question: 'rent' }, { 'x-api-key': key, ...headers });
}

describe('failed key attempts are limited per client address', () => {
  it('20 wrong keys a minute, then 429 for everything that address presents; X-Forwarded-For is ignored', async () => {
    const t = await startTestApp(keys);
    try {
      for (let i = 0; i < 20; i++) {
        // A client cannot dodge the count by claiming another address.
        const r = await ask(t, `cited_guess-${i}`, { 'x-forwarded-for': `198.51.100.${i}` });
        expect({ attempt: i, status: r.status }).toEqual({ attempt: i, status: 401 });
      }
      const limited = await ask(t, 'cited_guess-20');
      expect(limited.status).toBe(429);
      expect(limited.json).toMatchObject({ code: 'rate_limited' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Even the right key: a blocked address learns nothing about the keys it tries.
      expect((await ask(t, KEY)).status).toBe(429);
      const metrics = await (await fetch(`${t.base}/metrics`)).text();
      expect(metrics).toMatch(/cited_auth_failures_total\{outcome="limited"\} 2/);
      expect(metrics).toMatch(/cited_auth_failures_total\{outcome="refused"\} 20/);
    } finally {
      await t.close();
    }
  });

  it('behind a trusted proxy (CITED_TRUST_PROXY=true) the forwarded address counts', async () => {
    const t = await startTestApp({ ...keys, CITED_TRUST_PROXY: 'true' });
    try {
      for (let i = 0; i < 20; i++)
        expect(
          (await ask(t, `cited_guess-${i}`, { 'x-forwarded-for': '203.0.113.7' })).status,
        ).toBe(401);
      expect((await ask(t, 'cited_guess-20', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(
        429,
      );
      // Another client behind the same proxy is not blocked.
      expect((await ask(t, KEY, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('questions', () => {
  it('a question made only of invisible characters is a 400 naming the field', async () => {
    const t = await startTestApp();
    try {
      for (const question of [
        '\u200b\u200b\u200b',
        '\u2060\u00ad\u200d',
        '\u3164\ufeff \u180e',
        '\u202e\u2066',
      ]) {
        const r = await postJson(`${t.base}/v1/answer`, { question });
        expect({ question, status: r.status, field: r.json['field'] }).toEqual({
          question,
          status: 400,
          field: 'question',
        });
      }
      expect((await postJson(`${t.base}/v1/answer`, { question: '\u200bdeposit?' })).status).toBe(
        200,
      );
    } finally {
      await t.close();
    }
  });
});
