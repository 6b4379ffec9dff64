import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../app/create-app';
import { loadApiConfig } from '../config/api-config';

// Real HTTP: the app listens on an ephemeral loopback port and is called with fetch.
describe('GET /healthz', () => {
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    app = await createApp(loadApiConfig({}));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 200 {"status":"ok"}', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 404 for unknown routes', async () => {
    const res = await fetch(`${base}/no-such-route`);
    expect(res.status).toBe(404);
  });
});
