'use strict';
// Jest globalSetup any project can reference: when CITED_TEST_MLFLOW_URI is unset (a project
// tested alone), start one MLflow server in a temp folder on a free port for this Jest run
// and hand its URI to the test workers through the environment. Under `npm test`,
// tools/test-services.mjs has already started one and set the variable: nothing to do.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function mlflowGlobalSetup() {
  if (process.env.CITED_TEST_MLFLOW_URI) return;
  const { startMlflowServer } = await import('./mlflow-server.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'cited-mlflow-test-'));
  const server = await startMlflowServer({ dir, workers: 1 });
  process.stderr.write(`\nMLflow test server at ${server.uri} (ready in ${server.startMs} ms)\n`);
  process.env.CITED_TEST_MLFLOW_URI = server.uri;
  globalThis.__CITED_MLFLOW_SERVER__ = server;
};
