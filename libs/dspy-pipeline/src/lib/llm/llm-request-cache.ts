import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AxChatResponse } from '@ax-llm/ax';

/** Format of a cache entry file. */
export const LLM_CACHE_FORMAT = 'cited.llm-cache/1';

/** Default size bound of the request cache: 256 MiB. */
export const LLM_CACHE_DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** One cached reply: the provider's response as Ax normalised it, with its original usage. */
export interface LlmCacheEntry {
  format: typeof LLM_CACHE_FORMAT;
  key: string;
  model: string;
  createdAt: string;
  response: AxChatResponse;
}

/** Options of {@link LlmRequestCache}. */
export interface LlmRequestCacheOptions {
  /** Folder of the entries (created 0700; entries are 0600). */
  dir: string;
  /** Size bound: past it, the oldest entries are removed. Default {@link LLM_CACHE_DEFAULT_MAX_BYTES}. */
  maxBytes?: number;
}

/**
 * LLM replies on disk, keyed by the exact request. Entries hold raw prompts and replies, so
 * files are created mode 0600 in folders of mode 0700, and never leave the machine. Writes go
 * to a temporary file renamed into place, so concurrent processes only ever see whole
 * entries (the last writer of the same key wins, with the same content). An unreadable or
 * mismatched entry is a miss. The folder stays under `maxBytes`: when a write takes it past
 * the bound, the entries written longest ago are deleted down to 90% of it.
 */
export class LlmRequestCache {
  readonly dir: string;
  readonly maxBytes: number;
  private bytes: number | undefined;

  constructor(options: LlmRequestCacheOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? LLM_CACHE_DEFAULT_MAX_BYTES;
  }

  /**
   * The key of a request: SHA-256 of its JSON with object keys sorted, so that the same
   * request gives the same key whatever order its fields were set in.
   */
  static keyOf(request: unknown): string {
    return createHash('sha256').update(JSON.stringify(request, sortedKeys)).digest('hex');
  }

  /** The entry for `key`, or undefined (missing, unreadable, or another key's). */
  async get(key: string): Promise<LlmCacheEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as LlmCacheEntry;
      if (entry.format !== LLM_CACHE_FORMAT || entry.key !== key) return undefined;
      if (!Array.isArray(entry.response?.results)) return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }

  /** Stores an entry atomically (temporary file, then rename). */
  async put(entry: LlmCacheEntry): Promise<void> {
    const file = this.pathOf(entry.key);
    const folder = join(this.dir, entry.key.slice(0, 2));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const text = JSON.stringify(entry);
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
      await rename(tmp, file);
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    this.bytes = (this.bytes ?? (await this.size())) + Buffer.byteLength(text);
    if (this.bytes > this.maxBytes) await this.prune();
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new RangeError('cache keys are SHA-256 hex digests');
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  private async files(): Promise<{ path: string; size: number; mtimeMs: number }[]> {
    const out: { path: string; size: number; mtimeMs: number }[] = [];
    let folders: string[];
    try {
      folders = await readdir(this.dir);
    } catch {
      return out;
    }
    for (const f of folders) {
      if (!/^[0-9a-f]{2}$/.test(f)) continue;
      for (const name of await readdir(join(this.dir, f)).catch(() => [] as string[])) {
        if (!name.endsWith('.json')) continue;
        const path = join(this.dir, f, name);
        const s = await stat(path).catch(() => undefined);
        if (s) out.push({ path, size: s.size, mtimeMs: s.mtimeMs });
      }
    }
    return out;
  }

  /** Entries in the folder now. */
  async entryCount(): Promise<number> {
    return (await this.files()).length;
  }

  private async size(): Promise<number> {
    return (await this.files()).reduce((a, f) => a + f.size, 0);
  }

  private async prune(): Promise<void> {
    const files = (await this.files()).sort((a, b) => a.mtimeMs - b.mtimeMs);
    let total = files.reduce((a, f) => a + f.size, 0);
    for (const f of files) {
      if (total <= this.maxBytes * 0.9) break;
      await unlink(f.path).catch(() => undefined);
      total -= f.size;
    }
    this.bytes = total;
  }
}

/** Deletes a request cache folder and everything in it; returns the entries removed. */
export async function clearLlmCache(dir: string): Promise<number> {
  const count = await new LlmRequestCache({ dir }).entryCount();
  await rm(dir, { recursive: true, force: true });
  return count;
}

/** `JSON.stringify` replacer that emits every object's keys in sorted order. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, v[k]]),
  );
}
