import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlagsFileError } from './flags-file';
import { JsonFileFlagProvider } from './json-file-flag-provider';

describe('JsonFileFlagProvider', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cited-flags-'));
  const file = join(dir, 'flags.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves tenant rules, sticky rollouts and defaults', async () => {
    writeFileSync(
      file,
      JSON.stringify({
        flags: {
          'qa-pipeline': {
            default: 'baseline',
            tenants: { acme: 'dspy' },
            rollout: [{ value: 'extractive', percent: 50 }],
          },
        },
      }),
    );
    const p = new JsonFileFlagProvider(file, 60_000);
    try {
      expect(
        (await p.resolveStringEvaluation('qa-pipeline', 'x', { tenantId: 'acme' })).value,
      ).toBe('dspy');
      const spread = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          p.resolveStringEvaluation('qa-pipeline', 'x', { tenantId: `t${i}` }),
        ),
      );
      const extractive = spread.filter((r) => r.value === 'extractive').length;
      expect(extractive).toBeGreaterThan(60);
      expect(extractive).toBeLessThan(140);
      expect(spread.every((r) => r.value === 'extractive' || r.value === 'baseline')).toBe(true);
      const again = await p.resolveStringEvaluation('qa-pipeline', 'x', { tenantId: 't7' });
      expect(again.value).toBe(spread[7]?.value);
      expect((await p.resolveStringEvaluation('unknown', 'dflt', {})).value).toBe('dflt');
      expect((await p.resolveBooleanEvaluation('qa-pipeline', false, {})).errorCode).toBe(
        'TYPE_MISMATCH',
      );
    } finally {
      await p.onClose();
    }
  });

  it('refuses an invalid file at start-up, naming the file and field', () => {
    writeFileSync(file, JSON.stringify({ flags: { 'qa-pipeline': { default: 'gpt' } } }));
    expect(() => new JsonFileFlagProvider(file, 60_000)).toThrow(FlagsFileError);
    expect(() => new JsonFileFlagProvider(file, 60_000)).toThrow(
      /flags\.json: flags\.qa-pipeline: value "gpt"/,
    );
    writeFileSync(file, '{ nope');
    expect(() => new JsonFileFlagProvider(file, 60_000)).toThrow(/not valid JSON/);
  });
});
