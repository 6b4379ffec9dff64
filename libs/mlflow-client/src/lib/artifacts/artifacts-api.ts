import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MlflowClientError } from '../errors/mlflow-client-error';
import type { SpecCaller } from '../endpoints/spec-caller';
import { fromWire } from '../endpoints/case-mapping';
import { artifactFileSchema, type ArtifactFile } from '../endpoints/entity-schemas';
import { runEndpoints } from '../endpoints/tracking-endpoints';
import { z } from 'zod';
import { encodePath, joinPath, proxyRootOf, validateArtifactPath } from './artifact-path';
import { mapLimit } from '../util/map-limit';

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
// Larger reads than the 64 KiB default: a 10 MB file goes out in 10 writes instead of 160.
const UPLOAD_CHUNK_BYTES = 1024 * 1024;
const listSchema = z.object({ files: z.array(artifactFileSchema).default([]) });

/** Where artifacts live: a run's artifact root, or any `mlflow-artifacts:` URI (model versions, LoggedModels). */
export type ArtifactLocation = { runId: string } | { artifactUri: string };

/**
 * Artifacts through the tracking server's proxy. Both directions stream from/to disk, so
 * a 1 GB file never sits in memory; downloads land in a temp file renamed on success.
 */
export class ArtifactsApi {
  private readonly roots = new Map<string, Promise<string>>();

  constructor(
    private readonly c: SpecCaller,
    private readonly concurrency: number,
  ) {}

  /** Uploads one local file as `artifactPath` (default: its base name). */
  async uploadFile(at: ArtifactLocation, localFile: string, artifactPath?: string): Promise<void> {
    const dest = validateArtifactPath(artifactPath ?? localFile.split(sep).pop() ?? '');
    if (dest === '') throw new MlflowClientError('invalid_argument', 'artifact path is empty.');
    const info = await stat(localFile).catch((cause: unknown) => {
      throw new MlflowClientError('invalid_argument', `cannot read ${localFile}.`, { cause });
    });
    await this.put(
      at,
      dest,
      () => createReadStream(localFile, { highWaterMark: UPLOAD_CHUNK_BYTES }),
      info.size,
    );
  }

  /** Uploads bytes or text as `artifactPath`. */
  async uploadBuffer(
    at: ArtifactLocation,
    data: Buffer | string,
    artifactPath: string,
  ): Promise<void> {
    const dest = validateArtifactPath(artifactPath);
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    await this.put(at, dest, () => Readable.from([buf]), buf.length);
  }

  /** Uploads a directory tree below `artifactDir` (default: the root). Returns the file count. */
  async uploadDir(at: ArtifactLocation, localDir: string, artifactDir = ''): Promise<number> {
    const base = validateArtifactPath(artifactDir);
    const files = await walk(localDir);
    await mapLimit(files, this.concurrency, (f) =>
      this.uploadFile(at, f, joinPath(base, relative(localDir, f).split(sep).join('/'))),
    );
    return files.length;
  }

  /** Lists one directory level (`path` relative to the root; '' for the root). */
  async list(at: ArtifactLocation, path = ''): Promise<ArtifactFile[]> {
    const rel = validateArtifactPath(path);
    const root = await this.root(at);
    const raw = await this.c.transport.json({
      method: 'GET',
      path: PROXY,
      query: { path: joinPath(root, rel) },
    });
    const parsed = listSchema.parse(fromWire(raw));
    return parsed.files.map((f) => ({ ...f, path: joinPath(rel, f.path) }));
  }

  /** Lists every file below `path`, recursively. */
  async listTree(at: ArtifactLocation, path = ''): Promise<ArtifactFile[]> {
    const out: ArtifactFile[] = [];
    for (const entry of await this.list(at, path))
      if (entry.isDir) out.push(...(await this.listTree(at, entry.path)));
      else out.push(entry);
    return out;
  }

  /** Downloads one artifact to `localFile` (streamed, atomic). */
  async downloadFile(at: ArtifactLocation, artifactPath: string, localFile: string): Promise<void> {
    const rel = validateArtifactPath(artifactPath);
    const root = await this.root(at);
    const res = await this.c.transport.send({
      method: 'GET',
      path: `${PROXY}/${encodePath(joinPath(root, rel))}`,
    });
    await mkdir(dirname(localFile), { recursive: true });
    const tmp = `${localFile}.${process.pid}.${Date.now()}.part`;
    try {
      await pipeline(res, createWriteStream(tmp));
      await rename(tmp, localFile);
    } catch (cause) {
      await rm(tmp, { force: true });
      throw new MlflowClientError('network_error', `download of '${rel}' was interrupted.`, {
        cause,
        endpoint: `GET ${PROXY}`,
      });
    }
  }

  /** Downloads every file below `artifactPath` into `localDir`. Returns the file count. */
  async downloadDir(at: ArtifactLocation, artifactPath: string, localDir: string): Promise<number> {
    const rel = validateArtifactPath(artifactPath);
    const files = await this.listTree(at, rel);
    await mapLimit(files, this.concurrency, (f) => {
      const inner = rel === '' ? f.path : f.path.slice(rel.length + 1);
      // Re-validated: a hostile server must not make us write outside localDir.
      const safe = validateArtifactPath(inner, 'listed artifact path');
      return this.downloadFile(at, f.path, join(localDir, ...safe.split('/')));
    });
    return files.length;
  }

  /**
   * The proxy path of a location's root. A run's root is looked up once: the promise is
   * cached, so parallel uploads to a new run share one `runs/get` instead of racing.
   */
  root(at: ArtifactLocation): Promise<string> {
    if ('artifactUri' in at) return Promise.resolve().then(() => proxyRootOf(at.artifactUri));
    let root = this.roots.get(at.runId);
    if (root === undefined) {
      root = this.c
        .call(runEndpoints.get, { runId: at.runId })
        .then(({ run }) => proxyRootOf(run.info.artifactUri ?? ''));
      // A failed lookup is not cached: the next call asks again.
      root.catch(() => this.roots.delete(at.runId));
      this.roots.set(at.runId, root);
    }
    return root;
  }

  private async put(
    at: ArtifactLocation,
    dest: string,
    body: () => Readable,
    size: number,
  ): Promise<void> {
    const root = await this.root(at);
    const res = await this.c.transport.send({
      method: 'PUT',
      path: `${PROXY}/${encodePath(joinPath(root, dest))}`,
      stream: body,
      contentLength: size,
    });
    res.resume();
    await new Promise((r) => res.on('end', r));
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    // Symlinks are skipped: following them could upload files from outside the tree.
    const info = await lstat(full);
    if (info.isDirectory()) out.push(...(await walk(full)));
    else if (info.isFile()) out.push(full);
  }
  return out.sort();
}
