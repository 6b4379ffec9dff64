import { chunkDocuments } from '../ingest/chunk-documents';
import { loadBundledCorpus } from '../corpus/bundled-assets';
import { EmbeddedIndex } from '../retrieval/embedded-index';
import type { Retriever } from '../retrieval/passage';
import { DRY_RUN_PASSAGES } from '../artifact/dry-run';

let sample: Promise<Retriever> | undefined;

async function build(): Promise<Retriever> {
  try {
    return await EmbeddedIndex.build((await loadBundledCorpus()).chunks);
  } catch {
    // An app shipped without the bundled assets: the dry run's own canned passages.
    const docs = DRY_RUN_PASSAGES.map((p) => ({
      id: p.documentId,
      title: p.title,
      text: p.text,
      metadata: {},
    }));
    return EmbeddedIndex.build(await chunkDocuments(docs, { tenantId: 'default' }));
  }
}

/**
 * The index extractive programs are dry-run on: the bundled sample corpus (tenant `default`),
 * built once per process and shared by every validation.
 */
export function sampleRetriever(): Promise<Retriever> {
  sample ??= build().catch((error: unknown) => {
    sample = undefined;
    throw error;
  });
  return sample;
}
