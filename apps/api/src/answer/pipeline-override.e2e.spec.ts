import { postJson, startTestApp } from '../test-fixtures/test-app';
import { PIPELINE_OVERRIDE_IGNORED_WARNING } from './answer.controller';

const Q = 'How long do I have to keep records for my rental property?';

// The real HTTP stack with the extractive default (no LLM needed for these answers).
describe('a pipeline override in POST /v1/answer', () => {
  it('is not silently dropped when CITED_ALLOW_PIPELINE_OVERRIDE is false: field and Warning header', async () => {
    const t = await startTestApp();
    try {
      const r = await postJson(`${t.base}/v1/answer`, { question: Q, pipeline: 'baseline' });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        pipeline: 'extractive',
        pipelineOverride: { requested: 'baseline', honoured: false },
      });
      expect(r.headers.get('warning')).toBe(PIPELINE_OVERRIDE_IGNORED_WARNING);
      // Without an override: neither the field nor the header.
      const plain = await postJson(`${t.base}/v1/answer`, { question: Q });
      expect(plain.json).not.toHaveProperty('pipelineOverride');
      expect(plain.headers.get('warning')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('says it was honoured when the server allows overrides (no Warning header)', async () => {
    const t = await startTestApp({ CITED_ALLOW_PIPELINE_OVERRIDE: 'true' });
    try {
      const r = await postJson(`${t.base}/v1/answer`, { question: Q, pipeline: 'extractive' });
      expect(r.json).toMatchObject({
        pipeline: 'extractive',
        pipelineOverride: { requested: 'extractive', honoured: true },
      });
      expect(r.headers.get('warning')).toBeNull();
    } finally {
      await t.close();
    }
  });
});
