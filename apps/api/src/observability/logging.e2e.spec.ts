import { createHash } from 'node:crypto';
import { postJson, startTestApp } from '../test-fixtures/test-app';

// Personal data planted in questions (and a secret key in headers): no log line may carry it.
const PII = {
  email: 'maria.gonzalez@example.com',
  phone: '+1 415 555 0199',
  ssn: '123-45-6789',
  card: '4111 1111 1111 1111',
  name: 'Maria Gonzalez',
  // An international number with an extension, and a 15-digit card in an older JCB range.
  phoneExt: '+1-212-555-0147x88',
  card15: '1800 0234 5678 906',
};
const QUESTIONS = [
  `I am ${PII.name}, email ${PII.email}: how long must I keep rental records?`,
  `Call me at ${PII.phone} about my security deposit, SSN ${PII.ssn}`,
  `My card ${PII.card} paid the deposit; is it rental income?`,
  `Text me at ${PII.phoneExt}, or charge my JCB card ${PII.card15} for the late fee?`,
];
const API_KEY = 'cited_secret-key-never-logged-0123456789';

function leaks(lines: readonly string[]): string[] {
  const needles = [
    ...Object.values(PII),
    API_KEY,
    'maria.gonzalez',
    '555 0199',
    '4111',
    '555-0147',
    '0234 5678',
  ];
  return lines.filter((l) => needles.some((n) => l.includes(n)));
}

describe('logs carry no personal data or secrets', () => {
  it('by default: no question or answer text at all, ids and latencies only', async () => {
    const t = await startTestApp({
      CITED_API_KEYS: `${createHash('sha256').update(API_KEY).digest('hex')}:tenant-x`,
    });
    try {
      await fetch(`${t.base}/v1/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      for (const question of QUESTIONS) {
        const r = await postJson(
          `${t.base}/v1/answer`,
          { question },
          { authorization: `Bearer ${API_KEY}`, 'x-api-key': API_KEY },
        );
        expect(r.status).toBe(404); // tenant-x has no documents in this index
      }
      await postJson(
        `${t.base}/v1/answer`,
        { question: QUESTIONS[0] },
        { authorization: `Bearer wrong-${PII.email}` },
      );
      await t.app.close();
      expect(t.logs.lines.length).toBeGreaterThan(5);
      expect(leaks(t.logs.lines)).toEqual([]);
      const req = t.logs.records().filter((r) => r['event'] === 'request');
      expect(req.length).toBeGreaterThanOrEqual(5);
      expect(req.every((r) => r['question'] === undefined && r['answer'] === undefined)).toBe(true);
      expect(JSON.stringify(t.logs.records())).not.toMatch(/authorization|x-api-key/i);
    } finally {
      await t.close().catch(() => undefined);
    }
  });

  it('with CITED_LOG_TEXT=true: question and answer are logged, scrubbed', async () => {
    const t = await startTestApp({ CITED_LOG_TEXT: 'true' });
    try {
      for (const question of QUESTIONS) {
        const r = await postJson(`${t.base}/v1/answer`, { question });
        expect(r.status).toBe(200);
      }
      const req = t.logs
        .records()
        .filter((r) => r['event'] === 'request' && r['route'] === '/v1/answer');
      expect(req).toHaveLength(QUESTIONS.length);
      for (const r of req) {
        expect(typeof r['question']).toBe('string');
        expect(String(r['question'])).toMatch(
          /<(EMAIL|PHONE|SSN|CREDIT_CARD|PERSON_NAME)[A-Z_]*_\d+>/,
        );
        expect(r).toMatchObject({ pipeline: 'extractive', tenantId: 'default', status: 200 });
        expect(Array.isArray(r['citedSourceIds'])).toBe(true);
        expect(typeof r['programId']).toBe('string');
        expect((r['timings'] as { totalMs: number }).totalMs).toBeGreaterThan(0);
      }
      expect(leaks(t.logs.lines)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
