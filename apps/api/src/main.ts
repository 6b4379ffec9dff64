import { createApp, runtimeOf } from './app/create-app';
import { installShutdownHandlers } from './app/graceful-shutdown';
import { loadApiConfig, type ApiConfig } from './config/api-config';
import { tuneHeap } from './app/tune-heap';

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
  const runtime = runtimeOf(app);
  installShutdownHandlers(app, runtime, config.server.shutdownTimeoutMs);
  await app.listen({ port: config.server.port, host: config.server.host });
  const address = app.getHttpServer().address();
  const port = address !== null && typeof address === 'object' ? address.port : config.server.port;
  runtime.logger.info(
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
