import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { testClient, uniqueName } from '../../test-fixtures/test-server';

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

describe('artifacts through the proxy of a real MLflow server', () => {
  const requests: string[] = [];
  const client = testClient({ onRequest: (e) => requests.push(`${e.method} ${e.path}`) });
  let dir: string;
  let runId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlflow-art-'));
    const expId = await client.experiments.getOrCreate(uniqueName('artifacts'));
    runId = (await client.runs.create({ experimentId: expId })).info.runId;
  });
  afterAll(async () => {
    client.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads a file, a buffer and a tree; lists; downloads a file and the tree', async () => {
    const tree = join(dir, 'tree');
    await mkdir(join(tree, 'sub', 'deeper'), { recursive: true });
    await writeFile(join(tree, 'a.txt'), 'alpha');
    await writeFile(join(tree, 'sub', 'b.json'), '{"b":1}');
    await writeFile(join(tree, 'sub', 'deeper', 'c bin'), randomBytes(1000));
    await symlink('/etc/hostname', join(tree, 'link'));
    const before = requests.length;
    expect(await client.artifacts.uploadDir({ runId }, tree, 'bundle')).toBe(3);
    // Parallel uploads to a new run share ONE lookup of its artifact root.
    expect(
      requests.slice(before).filter((r) => r.startsWith('GET /api/2.0/mlflow/runs/get')),
    ).toHaveLength(1);
    await client.artifacts.uploadBuffer({ runId }, 'hello', 'notes/hello.txt');
    await client.artifacts.uploadFile({ runId }, join(tree, 'a.txt'));

    const top = await client.artifacts.list({ runId });
    expect(top.map((f) => [f.path, f.isDir])).toEqual([
      ['a.txt', false],
      ['bundle', true],
      ['notes', true],
    ]);
    const all = await client.artifacts.listTree({ runId }, 'bundle');
    expect(all.map((f) => [f.path, f.fileSize])).toEqual([
      ['bundle/a.txt', 5],
      ['bundle/sub/b.json', 7],
      ['bundle/sub/deeper/c bin', 1000],
    ]);

    await client.artifacts.downloadFile(
      { runId },
      'notes/hello.txt',
      join(dir, 'out', 'hello.txt'),
    );
    expect(await readFile(join(dir, 'out', 'hello.txt'), 'utf8')).toBe('hello');
    expect(await client.artifacts.downloadDir({ runId }, 'bundle', join(dir, 'copy'))).toBe(3);
    expect(await readFile(join(dir, 'copy', 'sub', 'deeper', 'c bin'))).toEqual(
      await readFile(join(tree, 'sub', 'deeper', 'c bin')),
    );
    await expect(
      client.artifacts.downloadFile({ runId }, 'nope.txt', join(dir, 'x')),
    ).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });

  it('rejects absolute paths, .. segments and NUL bytes before any request', async () => {
    const before = requests.length;
    for (const bad of ['/etc/passwd', '../x', 'a/../../x', 'a\0b', 'C:\\x', 'a\\..\\b'])
      await expect(client.artifacts.uploadBuffer({ runId }, 'x', bad)).rejects.toMatchObject({
        code: 'invalid_argument',
      });
    await expect(
      client.artifacts.downloadFile({ runId }, '../../mlflow.db', join(dir, 'db')),
    ).rejects.toThrow(/"\.\." segment/);
    await expect(client.artifacts.list({ runId }, '/')).rejects.toThrow(/absolute/);
    expect(requests.length).toBe(before);
  });

  it('streams a 200 MB artifact both ways with bounded memory and an identical sha256', async () => {
    const src = join(dir, 'big.bin');
    const out = createWriteStream(src);
    const block = randomBytes(1024 * 1024);
    for (let i = 0; i < 200; i++) {
      block.writeUInt32LE(i, 0);
      if (!out.write(block)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const expected = await sha256(src);
    let peak = process.memoryUsage().rss;
    const base = peak;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      await client.artifacts.uploadFile({ runId }, src, 'big/big.bin');
      await client.artifacts.downloadFile({ runId }, 'big/big.bin', join(dir, 'big-copy.bin'));
    } finally {
      clearInterval(timer);
    }
    expect(await sha256(join(dir, 'big-copy.bin'))).toBe(expected);
    // 200 MB went through; holding it would add ≥ 200 MB.
    expect(peak - base).toBeLessThan(80 * 1024 * 1024);
  });
});
