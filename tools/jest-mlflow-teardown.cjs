'use strict';
// Jest globalTeardown paired with jest-mlflow-setup.cjs: stops the server it started (only
// that one) and removes its temp folder.
const { rmSync } = require('node:fs');

module.exports = async function mlflowGlobalTeardown() {
  const server = globalThis.__CITED_MLFLOW_SERVER__;
  if (!server) return;
  globalThis.__CITED_MLFLOW_SERVER__ = undefined;
  await server.stop();
  delete process.env.CITED_TEST_MLFLOW_URI;
  rmSync(server.dir, { recursive: true, force: true });
};
