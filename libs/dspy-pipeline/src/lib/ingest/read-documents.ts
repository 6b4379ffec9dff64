import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { sourceDocumentSchema, type SourceDocument } from './source-document';

/** File extensions {@link readDocuments} understands. */
export const DOCUMENT_EXTENSIONS = ['.md', '.markdown', '.txt', '.jsonl'] as const;

/**
 * Parses JSON Lines documents (`{id, title, text, metadata}` per line). Blank lines are skipped.
 * @param source file name used in error locations (`file:line`).
 * @throws DspyPipelineError `invalid_corpus` naming the file and line of the first bad line.
 */
export function parseJsonlDocuments(content: string, source: string): SourceDocument[] {
  const docs: SourceDocument[] = [];
  const lines = content.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new DspyPipelineError('invalid_corpus', 'line is not valid JSON', {
        where,
        fix: 'Each line must be one JSON object {"id","title","text","metadata"}.',
        cause,
      });
    }
    const parsed = sourceDocumentSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : '(document)';
      throw new DspyPipelineError(
        'invalid_corpus',
        `field ${field}: ${issue?.message ?? 'invalid'}`,
        {
          where,
          fix: 'Each line must be one JSON object {"id","title","text","metadata"}.',
        },
      );
    }
    docs.push(parsed.data);
  });
  return docs;
}

/**
 * Reads one Markdown or plain-text document. Its id is the file path relative to `root` without
 * extension (`/` separated); its title the first `# ` heading, else the file name. An optional
 * front matter block (`---` … `---`, `key: value` lines) becomes metadata (`title` overrides).
 */
export function parseTextDocument(content: string, relPath: string): SourceDocument {
  const ext = extname(relPath);
  const id = relPath
    .slice(0, relPath.length - ext.length)
    .split(sep)
    .join('/')
    .replace(/\s+/g, '-');
  let text = content.replace(/^\uFEFF/, '');
  const metadata: Record<string, unknown> = {};
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (front && ext !== '.txt') {
    for (const line of (front[1] ?? '').split(/\r?\n/)) {
      const m = /^([\w-]+):\s*(.*)$/.exec(line);
      if (m?.[1]) metadata[m[1]] = (m[2] ?? '').replace(/^["']|["']$/g, '');
    }
    text = text.slice(front[0].length);
  }
  const heading = ext === '.txt' ? null : /^#\s+(.+)$/m.exec(text);
  const title =
    typeof metadata['title'] === 'string' && metadata['title']
      ? metadata['title']
      : (heading?.[1]?.trim() ?? basename(relPath, ext));
  delete metadata['title'];
  return sourceDocumentSchema.parse({ id, title, text, metadata: { ...metadata, path: relPath } });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if ((DOCUMENT_EXTENSIONS as readonly string[]).includes(extname(e.name).toLowerCase()))
      out.push(full);
  }
  return out;
}

/**
 * Reads every `.md`, `.markdown`, `.txt` and `.jsonl` file under `path` (a file or a directory,
 * recursively, in sorted order) into documents.
 * @throws DspyPipelineError `invalid_corpus` for a missing path, a malformed JSONL line
 * (`file:line`), a duplicate document id or a path without any document.
 */
export async function readDocuments(path: string): Promise<SourceDocument[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (cause) {
    throw new DspyPipelineError('invalid_corpus', 'corpus path does not exist', {
      where: path,
      fix: 'Pass a directory of .md/.txt/.jsonl files or one such file.',
      cause,
    });
  }
  const root = isDir ? path : join(path, '..');
  const files = isDir ? await listFiles(path) : [path];
  const docs: SourceDocument[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const content = await readFile(file, 'utf8');
    const rel = relative(root, file);
    const fileDocs =
      extname(file).toLowerCase() === '.jsonl'
        ? parseJsonlDocuments(content, rel)
        : [parseTextDocument(content, rel)];
    for (const d of fileDocs) {
      const prev = seen.get(d.id);
      if (prev !== undefined)
        throw new DspyPipelineError(
          'invalid_corpus',
          `duplicate document id "${d.id}" (also in ${prev})`,
          {
            where: rel,
            fix: 'Document ids must be unique across the corpus.',
          },
        );
      seen.set(d.id, rel);
      docs.push(d);
    }
  }
  if (docs.length === 0)
    throw new DspyPipelineError('invalid_corpus', 'no documents found', {
      where: path,
      fix: `Add files ending in ${DOCUMENT_EXTENSIONS.join(', ')}.`,
    });
  return docs;
}
