import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { DEFAULT_TENANT } from '../model/answer-result';
import type { Chunk, SourceDocument } from './source-document';

/** Options of {@link chunkDocuments}. */
export interface ChunkOptions {
  /** Maximum chunk length in characters. Default 800. */
  chunkSize?: number;
  /** Characters shared by consecutive chunks. Default 100. */
  chunkOverlap?: number;
  /** Tenant the chunks belong to. Default `"default"`. */
  tenantId?: string;
}

/**
 * Splits documents into chunks with LangChain's `RecursiveCharacterTextSplitter` (Markdown-aware
 * separators for `.md` documents). Chunk ids are `<documentId>#<n>`; `start`/`end` are offsets
 * into the document text, so `doc.text.slice(start, end) === chunk.text`.
 * @throws DspyPipelineError `invalid_corpus` for an empty list or a document without text;
 * `invalid_config` for sizes that cannot work.
 */
export async function chunkDocuments(
  docs: readonly SourceDocument[],
  options: ChunkOptions = {},
): Promise<Chunk[]> {
  const chunkSize = options.chunkSize ?? 800;
  const chunkOverlap = options.chunkOverlap ?? 100;
  const tenantId = options.tenantId ?? DEFAULT_TENANT;
  if (
    !Number.isInteger(chunkSize) ||
    chunkSize < 50 ||
    chunkOverlap < 0 ||
    chunkOverlap >= chunkSize
  )
    throw new DspyPipelineError(
      'invalid_config',
      `chunk size ${chunkSize} / overlap ${chunkOverlap} cannot work`,
      { where: 'chunkSize/chunkOverlap', fix: 'Use a size ≥ 50 and 0 ≤ overlap < size.' },
    );
  if (tenantId.trim() === '')
    throw new DspyPipelineError('invalid_input', 'tenant id is empty', { where: 'tenantId' });
  if (docs.length === 0)
    throw new DspyPipelineError('invalid_corpus', 'the corpus has no documents', {
      fix: 'Add at least one document with text.',
    });
  const markdown = RecursiveCharacterTextSplitter.fromLanguage('markdown', {
    chunkSize,
    chunkOverlap,
  });
  const plain = new RecursiveCharacterTextSplitter({ chunkSize, chunkOverlap });
  const chunks: Chunk[] = [];
  for (const doc of docs) {
    if (doc.text.trim() === '')
      throw new DspyPipelineError('invalid_corpus', `document "${doc.id}" has no text`, {
        where:
          typeof doc.metadata['path'] === 'string' ? doc.metadata['path'] : `document ${doc.id}`,
        fix: 'Remove the document or give it text.',
      });
    const path = typeof doc.metadata['path'] === 'string' ? doc.metadata['path'] : '';
    const splitter =
      /\.(?:md|markdown)$/i.test(path) || doc.text.includes('\n#') ? markdown : plain;
    const pieces = await splitter.splitText(doc.text);
    let cursor = 0;
    pieces.forEach((piece, n) => {
      const start = locate(doc.text, piece, cursor);
      cursor = start + 1;
      chunks.push({
        id: `${doc.id}#${n}`,
        documentId: doc.id,
        title: doc.title,
        text: doc.text.slice(start, start + piece.length),
        tenantId,
        start,
        end: start + piece.length,
        metadata: doc.metadata,
      });
    });
  }
  return chunks;
}

// The splitter returns trimmed substrings of the text; with overlap, a chunk starts at or after
// the previous chunk's start, so searching forward from there finds the right occurrence.
function locate(text: string, piece: string, from: number): number {
  const at = text.indexOf(piece, from);
  if (at >= 0) return at;
  const again = text.indexOf(piece);
  if (again >= 0) return again;
  throw new DspyPipelineError('invalid_corpus', 'chunk text not found in its document', {
    fix: 'This is a bug in chunk offset tracking; please report it with the document.',
  });
}
