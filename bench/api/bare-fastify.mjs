// The peer of benchmark (a): a bare Fastify app (the HTTP framework under the API) with one
// JSON endpoint, in its own process. It parses the same JSON body and answers a fixed object
// of the same shape and size as a real extractive answer, so the ratio measures what the API
// adds on top of Fastify: access checks, validation, retrieval, the pipeline, logging, metrics.
// It imports the workspace's `fastify`, so both sides always run the same version.
// Usage: node bare-fastify.mjs  → prints {"port": N} once listening; stops on SIGTERM.
import Fastify from 'fastify';

const answer = {
  answer:
    'You must keep records that support an item of income, deduction, or credit shown on your ' +
    'return until the period of limitations for that return runs out, generally 3 years.',
  abstained: false,
  citations: [1, 2, 3].map((n) => ({
    id: `recordkeeping#${n}`,
    documentId: 'recordkeeping',
    title: 'Recordkeeping for rental property',
    snippet:
      'Keep records for 3 years from the date you filed your original return or 2 years from ' +
      'the date you paid the tax, whichever is later.',
    score: 12.5 - n,
  })),
  verification: { verdict: 'supported', unsupportedClaims: [] },
  pipeline: 'extractive',
  program: {
    name: 'cited-default-extractive',
    id: 'e898e964efa7',
    version: null,
    source: 'default',
  },
  degraded: false,
  requestId: '00000000-0000-0000-0000-000000000000',
  timings: { retrievalMs: 0.4, llmMs: 0, totalMs: 1.2 },
};

const app = Fastify({ logger: false, bodyLimit: 16_384 });
app.post('/v1/answer', async (request) => {
  const body = request.body;
  if (body === null || typeof body !== 'object' || typeof body.question !== 'string') {
    throw Object.assign(new Error('question is required'), { statusCode: 400 });
  }
  return { ...answer, requestId: request.id };
});
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
