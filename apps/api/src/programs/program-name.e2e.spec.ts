import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractiveProgramJson } from '../test-fixtures/registry-fixtures';
import { postJson, startTestApp, tempDir } from '../test-fixtures/test-app';

describe("a program's name is an identifier, never free text echoed to clients", () => {
  it('refuses a program whose name holds an email and a key id; answers never carry them', async () => {
    const dir = tempDir();
    const name = 'ops alice@example.com AKIAIOSFODNN7EXAMPLE';
    const path = join(dir, 'named.program.json');
    writeFileSync(path, extractiveProgramJson(name));
    const t = await startTestApp({ CITED_PROGRAM_PATH: path }, { dir });
    try {
      const r = await postJson(`${t.base}/v1/answer`, { question: 'When is rent due?' });
      expect(r.status).toBe(200);
      const text = JSON.stringify(r.json);
      expect(text).not.toContain('alice@example.com');
      expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
      expect(r.json['program']).toMatchObject({
        name: 'cited-default-extractive',
        source: 'default',
      });
      const active = (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
        refused: { checks: { name: string; ok: boolean }[] }[];
      };
      expect(active.refused[0]?.checks.find((c) => !c.ok)?.name).toBe('name');
      expect(JSON.stringify(active)).not.toContain('alice@example.com');
    } finally {
      await t.close();
    }
  });
});
