'use strict';
// Writes each project's aggregated Jest results (the same shape as `jest --json`) to
// $CITED_JEST_RESULTS_DIR/<displayName>.json so tools/run-tests.mjs can sum them.
const { mkdirSync, writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');

class JestResultsReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(contexts, results) {
    const dir = process.env.CITED_JEST_RESULTS_DIR;
    if (!dir) return;
    const [context] = contexts;
    const raw = context && context.config.displayName;
    const name = (typeof raw === 'object' && raw ? raw.name : raw) || 'project';
    mkdirSync(dir, { recursive: true });
    const summary = {
      project: name,
      numPassedTests: results.numPassedTests,
      numFailedTests: results.numFailedTests,
      numPendingTests: results.numPendingTests,
      numTodoTests: results.numTodoTests,
      numTotalTests: results.numTotalTests,
      numFailedTestSuites: results.numFailedTestSuites,
      numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
      success: results.success,
    };
    const file = join(dir, `${name}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(summary, null, 2));
    renameSync(`${file}.tmp`, file);
  }
}

module.exports = JestResultsReporter;
