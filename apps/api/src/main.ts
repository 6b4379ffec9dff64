import type { Logger } from 'pino';
import { createApp } from './app/create-app';
import { installShutdownHandlers } from './app/graceful-shutdown';
import { tuneHeap } from './app/tune-heap';
import { loadApiConfig, type ApiConfig } from './config/api-config';
import { API_LOGGER } from './observability/api-logger.token';

async function bootstrap(): Promise<void> {
  let config: ApiConfig;
  try {
    config = loadApiConfig(process.env);
  } catch (error) {
    process.stderr.write(
      `cited api: invalid configuration: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }
  const heapFlag = tuneHeap(config.server.heapGrowingPercent);
  const app = await createApp(config);
  installShutdownHandlers(app, config.server.shutdownTimeoutMs);
  await app.listen({ port: config.server.port, host: config.server.host });
  const address = app.getHttpServer().address();
  const port = address !== null && typeof address === 'object' ? address.port : config.server.port;
  app.get<Logger>(API_LOGGER).info(
    {
      event: 'listening',
      host: config.server.host,
      port,
      v8Flags: heapFlag === null ? [] : [heapFlag],
    },
    `cited api listening on http://${config.server.host}:${port}`,
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `cited api: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
