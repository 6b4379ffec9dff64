import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledIndexFor } from '../test-fixtures/llm-fixtures';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';

const sha = (k: string): string => createHash('sha256').update(k).digest('hex');
const ADMIN = 'cited_admin-key-for-ops';
const ALPHA = 'cited_key-for-alpha-tenant';
const EMPTY = 'cited_key-for-a-tenant-with-no-documents';
// What a probe planted in a "program" file: the start of /etc/passwd and an AWS key.
const PASSWD = 'root:x:0:0:root:/root:/bin/bash';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

describe('what the API discloses, and to whom', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    await bundledIndexFor(dir, ['alpha-co', 'bravo-co']);
    const probe = join(dir, 'passwd.program.json');
    writeFileSync(probe, `${PASSWD}\n${AWS_KEY}\n`);
    t = await startTestApp(
      {
        CITED_API_KEYS: `${sha(ADMIN)}:ops,${sha(ALPHA)}:alpha-co,${sha(EMPTY)}:charlie-co`,
        CITED_ADMIN_TENANTS: 'ops',
        CITED_PROGRAM_PATH: probe,
        MLFLOW_TRACKING_URI: 'http://mlflow.internal.example:5000',
      },
      { dir },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('public /readyz: the status and reason codes only', async () => {
    const variants: Record<string, string>[] = [
      {},
      { 'x-api-key': ALPHA },
      { 'x-api-key': 'cited_wrong-key' },
    ];
    for (const headers of variants) {
      const res = await fetch(`${t.base}/readyz`, { headers });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(JSON.parse(text)).toEqual({ status: 'degraded', reasons: ['program_refused'] });
      for (const secret of [dir, 'mlflow.internal', 'root:x', AWS_KEY])
        expect(text).not.toContain(secret);
    }
  });

  it('an admin key sees the details; refusal texts never quote the file', async () => {
    const res = await fetch(`${t.base}/readyz`, { headers: { 'x-api-key': ADMIN } });
    const text = await res.text();
    const body = JSON.parse(text) as {
      checks: { program: { lastRefusal: string }; index: { location: string } };
    };
    expect(body.checks.index.location).toContain(dir);
    expect(body.checks.program.lastRefusal).toMatch(/is not valid JSON/);
    expect(text).not.toContain('root:x');
    expect(text).not.toContain(AWS_KEY);
    const active = await fetch(`${t.base}/v1/programs/active`, { headers: { 'x-api-key': ADMIN } });
    expect(active.status).toBe(200);
    const activeText = await active.text();
    expect(activeText).not.toContain('root:x');
    expect(activeText).not.toContain(AWS_KEY);
    expect(t.logs.lines.join('\n')).not.toContain('root:x');
  });

  it("a tenant's key cannot read /v1/programs/active (it names paths and URLs)", async () => {
    const res = await fetch(`${t.base}/v1/programs/active`, { headers: { 'x-api-key': ALPHA } });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(dir);
  });

  it('a tenant with no documents gets a 404 that names no other tenant', async () => {
    const r = await postJson(
      `${t.base}/v1/answer`,
      { question: 'pet deposit' },
      { 'x-api-key': EMPTY },
    );
    expect(r.status).toBe(404);
    const text = JSON.stringify(r.json);
    expect(text).not.toMatch(/alpha-co|bravo-co/);
    expect(r.json).toMatchObject({
      code: 'not_found',
      detail: 'This tenant has no documents to answer from.',
    });
  });
});
