import * as api from './index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Grouped so that each part of the library pins its own names.
const CORE = [
  'DEFAULT_TENANT',
  'DspyPipelineError',
  'PACKAGE_VERSION',
  'answerOptionsSchema',
  'answerResultSchema',
  'answerTimingsSchema',
  'citationSchema',
  'llmConfigFromEnv',
  'llmConfigSchema',
  'llmProviderSchema',
  'passageSchema',
  'pipelineKindSchema',
  'programSourceConfigFromEnv',
  'programSourceConfigSchema',
  'retrievalConfigFromEnv',
  'retrievalEnvConfigSchema',
  'tokenUsageSchema',
  'traceEventSchema',
  'verdictSchema',
  'verificationSchema',
];

/** Ingestion, retrieval, extractive pipeline, metrics, bundled sample (issue 6). */
const RETRIEVAL_AND_EXTRACTIVE: string[] = [];

/** Ax programs, baseline and dspy pipelines, optimization, program artifact (issue 7). */
const PROGRAMS: string[] = [];

describe('@cited/dspy-pipeline public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual([...CORE, ...RETRIEVAL_AND_EXTRACTIVE, ...PROGRAMS].sort());
  });

  it('reports the version written in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(api.PACKAGE_VERSION).toBe(pkg.version);
  });
});
