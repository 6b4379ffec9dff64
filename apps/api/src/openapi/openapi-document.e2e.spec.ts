import { validate } from '@readme/openapi-parser';
import { startTestApp, type TestApp } from '../test-fixtures/test-app';

// The served document, checked by a real OpenAPI validator (@readme/openapi-parser: the
// OpenAPI 3.1 meta-schema plus its own semantic rules), not by our own assertions.
describe('/openapi.json', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('declares OpenAPI 3.1.0 and is valid OpenAPI 3.1', async () => {
    const doc = (await (await fetch(`${t.base}/openapi.json`)).json()) as Record<string, unknown>;
    expect(doc['openapi']).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    // The validator's messages, so a failure says what is wrong.
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    // And it does reject a broken document (the check can fail).
    const broken = structuredClone(doc) as { paths: Record<string, unknown> };
    broken.paths['/v1/answer'] = { post: { responses: { '200': { $ref: '#/nope' } } } };
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('uses no OpenAPI 3.0-only keywords (nullable, boolean exclusive bounds)', async () => {
    const text = await (await fetch(`${t.base}/openapi.json`)).text();
    expect(text).not.toMatch(/"nullable":/);
    expect(text).not.toMatch(/"exclusive(Minimum|Maximum)":(true|false)/);
  });
});
