import * as api from './index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('@cited/pii-scrub public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'BUILT_IN_ENTITY_TYPES',
      'DEFAULT_SENSITIVE_KEYS',
      'PACKAGE_VERSION',
      'PiiScrubError',
      'UNGATED_ENTITY_TYPES',
      'createJsonlScrubStream',
      'createLogScrubber',
      'createScrubber',
      'ipRangeKindSchema',
      'isLuhnValid',
      'isValidIban',
      'isValidSsn',
      'parseIpv4',
      'parseIpv6',
      'piiConfigFromEnv',
      'piiEnvConfigSchema',
      'scrubForLog',
      'scrubJson',
      'scrubOptionsSchema',
      'scrubProfileSchema',
      'scrubText',
      'useNameLexiconSnapshot',
    ]);
  });

  it('reports the version written in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(api.PACKAGE_VERSION).toBe(pkg.version);
  });
});
