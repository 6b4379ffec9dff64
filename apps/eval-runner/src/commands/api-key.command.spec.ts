import { createHash } from 'node:crypto';
import { runCli } from '../create-program';
import { captureHost } from '../test-fixtures/cli-harness';

describe('eval-runner api-key new', () => {
  it('prints a random key whose SHA-256 is the CITED_API_KEYS entry', async () => {
    const h = captureHost();
    const code = await runCli(
      ['node', 'eval-runner', 'api-key', 'new', '--tenant', 'acme', '--json'],
      h.host,
    );
    expect(code).toBe(0);
    const r = JSON.parse(h.out()) as {
      key: string;
      sha256: string;
      entry: string;
      tenantId: string;
    };
    expect(r.key).toMatch(/^cited_[\w-]{43}$/);
    expect(r.sha256).toBe(createHash('sha256').update(r.key).digest('hex'));
    expect(r.entry).toBe(`${r.sha256}:acme`);
    expect(r.tenantId).toBe('acme');
  });

  it('gives a different key each time', async () => {
    const a = captureHost();
    const b = captureHost();
    await runCli(['node', 'eval-runner', 'api-key', 'new', '--json'], a.host);
    await runCli(['node', 'eval-runner', 'api-key', 'new', '--json'], b.host);
    expect(JSON.parse(a.out()).key).not.toBe(JSON.parse(b.out()).key);
    expect(JSON.parse(a.out()).tenantId).toBe('default');
  });

  it('exits 2 on a bad tenant name', async () => {
    const h = captureHost();
    expect(await runCli(['node', 'eval-runner', 'api-key', 'new', '--tenant', 'a b'], h.host)).toBe(
      2,
    );
    expect(h.err()).toMatch(/--tenant/);
  });
});
