import { createApp } from './app/create-app';
import { loadApiConfig } from './config/api-config';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadApiConfig(process.env);
  } catch (error) {
    process.stderr.write(
      `cited api: invalid configuration: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }
  const app = await createApp(config);
  await app.listen({ port: config.server.port, host: config.server.host });
  const mode =
    config.server.apiKeys.length === 0
      ? 'local mode (no API key required)'
      : `${config.server.apiKeys.length} API key(s) configured`;
  process.stdout.write(
    `cited api listening on http://${config.server.host}:${config.server.port} — ${mode}\n`,
  );
}

void bootstrap();
