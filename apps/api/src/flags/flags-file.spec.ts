import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlagsFileError, readFlagsFile } from './flags-file';

describe('readFlagsFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cited-flags-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file over the size limit without reading it', () => {
    const file = join(dir, 'huge.json');
    const pad = 'x'.repeat(2 * 1024 * 1024);
    writeFileSync(file, JSON.stringify({ flags: { 'qa-pipeline': { description: pad } } }));
    expect(() => readFlagsFile(file)).toThrow(FlagsFileError);
    expect(() => readFlagsFile(file)).toThrow(/bytes, over the 1048576-byte limit of a flags file/);
  });

  it('says where JSON breaks without quoting the file', () => {
    const file = join(dir, 'secret.json');
    writeFileSync(file, 'AKIAIOSFODNN7EXAMPLE root:x:0:0');
    let message = '';
    try {
      readFlagsFile(file);
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toMatch(/not valid JSON/);
    expect(message).not.toMatch(/AKIA|root:x/);
  });
});
