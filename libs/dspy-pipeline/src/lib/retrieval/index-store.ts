import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { Bm25Index } from './bm25-index';
import { ChunkTable } from './chunk-table';
import { DenseVectors } from './dense-vectors';
import { indexedText } from './indexed-text';

/**
 * Version of the on-disk layout; bumped on any incompatible change. 2: the text analyser strips
 * derivational suffixes, so the stored terms of a version 1 index (same layout) no longer match
 * questions: {@link readIndexDir} rebuilds them from the stored texts.
 */
export const INDEX_FORMAT_VERSION = 2;

/** File of an index directory that names its active generation. */
export const CURRENT = 'CURRENT';

/** `manifest.json` of a stored index generation. */
export const indexManifestSchema = z.object({
  format: z.literal('cited-embedded-index'),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  chunkCount: z.number().int().min(0),
  termCount: z.number().int().min(0),
  postingCount: z.number().int().min(0),
  textBytes: z.number().int().min(0),
  bm25: z.object({ k1: z.number(), b: z.number() }),
  tenants: z.array(z.string()),
  embedding: z.object({ model: z.string(), dimensions: z.number().int().min(1) }).nullable(),
});

/** An index manifest. */
export type IndexManifest = z.infer<typeof indexManifestSchema>;

const documentsSchema = z.array(
  z.object({
    id: z.string(),
    title: z.string(),
    tenantId: z.string().min(1),
    metadata: z.record(z.string(), z.unknown()),
  }),
);

/** What {@link writeIndexDir} stores. */
export interface StoredIndex {
  table: ChunkTable;
  bm25: Bm25Index;
  dense: DenseVectors | undefined;
  embeddingModel: string | undefined;
}

/**
 * Layout: `<dir>/CURRENT` names the active generation `<dir>/gen-<time>-<rand>/`, which holds
 * `manifest.json`, `documents.json`, `chunk-ids.json`, `chunks.bin` (document row, start, end u32
 * each, then n+1 text byte offsets u32), `texts.bin` (UTF-8), `terms.json`, `postings.bin`
 * (offsets u32, docs u32, tfs u16, lengths u16; all binary files little-endian) and, with embeddings, `vectors.bin` (f32). A generation is written
 * completely under a temporary name, renamed, and only then does `CURRENT` (itself written to a
 * temporary file and renamed) point at it; older generations are removed afterwards.
 */
export async function writeIndexDir(dir: string, index: StoredIndex): Promise<void> {
  await mkdir(dir, { recursive: true });
  const gen = `gen-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const tmp = join(dir, `.tmp-${gen}`);
  await mkdir(tmp);
  try {
    const data = index.bm25.toData();
    const cols = index.table.columns;
    const manifest: IndexManifest = {
      format: 'cited-embedded-index',
      formatVersion: INDEX_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      chunkCount: cols.ids.length,
      termCount: data.terms.length,
      postingCount: data.docs.length,
      textBytes: cols.textBlob.length,
      bm25: data.params,
      tenants: [...new Set(cols.documents.map((d) => d.tenantId))].sort(),
      embedding:
        index.dense && index.embeddingModel
          ? { model: index.embeddingModel, dimensions: index.dense.dimensions }
          : null,
    };
    await writeFile(join(tmp, 'documents.json'), JSON.stringify(cols.documents));
    await writeFile(join(tmp, 'chunk-ids.json'), JSON.stringify(cols.ids));
    await writeFile(
      join(tmp, 'chunks.bin'),
      Buffer.concat([
        bytes(cols.docIndex),
        bytes(cols.starts),
        bytes(cols.ends),
        bytes(cols.textOffsets),
      ]),
    );
    await writeFile(join(tmp, 'texts.bin'), cols.textBlob);
    await writeFile(join(tmp, 'terms.json'), JSON.stringify(data.terms));
    await writeFile(
      join(tmp, 'postings.bin'),
      Buffer.concat([
        bytes(data.offsets),
        bytes(data.docs),
        bytes(data.tfs),
        bytes(data.docLengths),
      ]),
    );
    if (index.dense) await writeFile(join(tmp, 'vectors.bin'), bytes(index.dense.matrix));
    await writeFile(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(tmp, join(dir, gen));
    const pointer = join(dir, `.tmp-${CURRENT}-${gen}`);
    await writeFile(pointer, `${gen}\n`);
    await rename(pointer, join(dir, CURRENT));
  } catch (cause) {
    await rm(tmp, { recursive: true, force: true });
    throw new DspyPipelineError('index_error', 'could not write the index', {
      where: dir,
      fix: 'Check that the directory is writable and the disk has space.',
      cause,
    });
  }
  for (const name of await readdir(dir)) {
    if (name.startsWith('gen-') && name !== gen)
      await rm(join(dir, name), { recursive: true, force: true });
  }
}

function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

type ArrayMaker<T> = new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;

/** A typed array over `count` elements at `offset`: a view when aligned, else an aligned copy. */
function view<T>(
  buf: Buffer,
  offset: number,
  count: number,
  width: number,
  Make: ArrayMaker<T>,
): T {
  const start = buf.byteOffset + offset;
  if (start % width === 0) return new Make(buf.buffer as ArrayBuffer, start, count);
  return new Make(buf.buffer.slice(start, start + count * width) as ArrayBuffer, 0, count);
}

/**
 * Reads the generation `<dir>/CURRENT` points at. A version 1 index (the layout of version 2,
 * terms of the earlier stemmer) is migrated: its BM25 postings are rebuilt from the stored texts.
 * @throws DspyPipelineError `index_error` for a missing, damaged or incompatible index.
 */
export async function readIndexDir(
  dir: string,
): Promise<StoredIndex & { manifest: IndexManifest }> {
  let gen: string;
  try {
    gen = (await readFile(join(dir, CURRENT), 'utf8')).trim();
  } catch (cause) {
    throw new DspyPipelineError('index_error', 'no index found (missing CURRENT)', {
      where: dir,
      fix: 'Build the index first (e.g. `eval-runner index build`) or point CITED_INDEX_DIR at one.',
      cause,
    });
  }
  const genDir = join(dir, gen);
  const damaged = (what: string, cause?: unknown): DspyPipelineError =>
    new DspyPipelineError('index_error', `index is damaged: ${what}`, {
      where: genDir,
      fix: 'Rebuild the index.',
      cause,
    });
  try {
    const rawManifest: unknown = JSON.parse(await readFile(join(genDir, 'manifest.json'), 'utf8'));
    const m = indexManifestSchema.safeParse(rawManifest);
    if (!m.success) throw damaged('manifest.json does not match the index format');
    const manifest = m.data;
    // Version 1 has this layout; only its terms come from the earlier stemmer. Its BM25 postings
    // are rebuilt from the stored chunk texts (in memory; the next save writes version 2).
    const migrate = manifest.formatVersion === 1;
    if (!migrate && manifest.formatVersion !== INDEX_FORMAT_VERSION)
      throw new DspyPipelineError(
        'index_error',
        `index format version ${manifest.formatVersion} is not supported (expected ${INDEX_FORMAT_VERSION})`,
        { where: genDir, fix: 'Rebuild the index with this version.' },
      );
    const [documentsText, idsText, termsText, postings, chunkCols, textBlob] = await Promise.all([
      readFile(join(genDir, 'documents.json'), 'utf8'),
      readFile(join(genDir, 'chunk-ids.json'), 'utf8'),
      readFile(join(genDir, 'terms.json'), 'utf8'),
      readFile(join(genDir, 'postings.bin')),
      readFile(join(genDir, 'chunks.bin')),
      readFile(join(genDir, 'texts.bin')),
    ]);
    const documents = documentsSchema.safeParse(JSON.parse(documentsText));
    if (!documents.success) throw damaged('documents.json does not match the index format');
    const ids = JSON.parse(idsText) as string[];
    const terms = JSON.parse(termsText) as string[];
    const n = manifest.chunkCount;
    const p = manifest.postingCount;
    const t = manifest.termCount;
    if (
      postings.length !== (t + 1) * 4 + p * 4 + p * 2 + n * 2 ||
      chunkCols.length !== n * 12 + (n + 1) * 4 ||
      textBlob.length !== manifest.textBytes ||
      !Array.isArray(terms) ||
      terms.length !== t ||
      !Array.isArray(ids) ||
      ids.length !== n
    )
      throw damaged('file sizes do not match manifest.json');
    let o = 0;
    const offsets = view(postings, o, t + 1, 4, Uint32Array);
    o += (t + 1) * 4;
    const docs = view(postings, o, p, 4, Uint32Array);
    o += p * 4;
    const tfs = view(postings, o, p, 2, Uint16Array);
    o += p * 2;
    const docLengths = view(postings, o, n, 2, Uint16Array);
    const u32 = (at: number, count: number): Uint32Array =>
      view(chunkCols, at, count, 4, Uint32Array);
    const docIndex = u32(0, n);
    if (docIndex.some((d) => d >= documents.data.length))
      throw damaged('a chunk names no document');
    const table = new ChunkTable({
      documents: documents.data,
      ids,
      docIndex,
      starts: u32(n * 4, n),
      ends: u32(n * 8, n),
      textOffsets: u32(n * 12, n + 1),
      textBlob,
    });
    const bm25 = migrate
      ? reindexTerms(table, manifest.bm25)
      : new Bm25Index({ params: manifest.bm25, terms, offsets, docs, tfs, docLengths });
    let dense: DenseVectors | undefined;
    if (manifest.embedding) {
      const buf = await readFile(join(genDir, 'vectors.bin'));
      const dim = manifest.embedding.dimensions;
      if (buf.length !== n * dim * 4)
        throw damaged('vectors.bin size does not match manifest.json');
      dense = new DenseVectors(dim, view(buf, 0, n * dim, 4, Float32Array));
    }
    return { manifest, table, bm25, dense, embeddingModel: manifest.embedding?.model };
  } catch (cause) {
    if (DspyPipelineError.isInstance(cause)) throw cause;
    throw damaged('a file is missing or unreadable', cause);
  }
}

/** BM25 postings of a table's chunks, indexed as `EmbeddedIndex.build` indexes them. */
function reindexTerms(table: ChunkTable, params: IndexManifest['bm25']): Bm25Index {
  const texts: string[] = [];
  for (let i = 0; i < table.length; i++) texts.push(indexedText(table.get(i)));
  return Bm25Index.build(texts, params);
}
