import {
  ABSTENTION_ANSWER,
  goldSourceIdsOf,
  type Passage,
  type RetrieveOptions,
  type Retriever,
} from '@cited/dspy-pipeline';
import type { DatasetRow } from '@cited/dataset-manifest';
import { CliError } from '../../cli/cli-error';
import type { PipelineSetup } from './pipeline-setup';

/** What one question must not see: its gold documents and, when the row names it, their article. */
interface HeldOut {
  documents: Set<string>;
  articles: Set<string>;
}

/** Most passages the wrapper asks the index for while it looks past held-out ones. */
const MAX_DEPTH = 1000;

/**
 * A retriever that answers each question as if its gold sources had never been ingested: the
 * passages of the question's gold documents, and of every document of the same article
 * (`metadata.article`, which `dataset import` writes on documents and rows), are dropped, and
 * the index is asked deeper until `k` others are found (or it has no more). Other queries go
 * to the wrapped retriever unchanged.
 */
export class HoldOutGoldRetriever implements Retriever {
  readonly kind: string;

  constructor(
    private readonly base: Retriever,
    private readonly heldOut: ReadonlyMap<string, HeldOut>,
  ) {
    this.kind = base.kind;
  }

  async retrieve(query: string, opts: RetrieveOptions): Promise<Passage[]> {
    const held = this.heldOut.get(query);
    if (!held) return this.base.retrieve(query, opts);
    const visible = (p: Passage): boolean =>
      !held.documents.has(p.documentId) &&
      !(typeof p.metadata['article'] === 'string' && held.articles.has(p.metadata['article']));
    let depth = Math.min(MAX_DEPTH, opts.k + 10);
    for (;;) {
      const got = await this.base.retrieve(query, { ...opts, k: depth });
      const kept = got.filter(visible);
      if (kept.length >= opts.k || got.length < depth || depth >= MAX_DEPTH)
        return kept.slice(0, opts.k);
      depth = Math.min(MAX_DEPTH, depth * 4);
    }
  }
}

/**
 * The `--hold-out-gold` evaluation: the same questions, made unanswerable (gold sources
 * emptied, so abstaining is the right answer and `abstention_accuracy` is the share that
 * abstained), asked through a retriever that hides their gold documents and articles.
 * @throws CliError `bad_input` when no row has gold sources to hold out.
 */
export function holdOutGold(
  rows: readonly DatasetRow[],
  setup: PipelineSetup,
): { rows: DatasetRow[]; setup: PipelineSetup } {
  const heldOut = new Map<string, HeldOut>();
  const out: DatasetRow[] = [];
  for (const row of rows) {
    const gold = goldSourceIdsOf(row);
    if (gold.length === 0) continue;
    const entry = heldOut.get(row.question) ?? { documents: new Set(), articles: new Set() };
    for (const id of gold) entry.documents.add(id);
    const article = row.metadata?.['article'];
    if (typeof article === 'string') entry.articles.add(article);
    heldOut.set(row.question, entry);
    out.push({
      ...row,
      answer: ABSTENTION_ANSWER,
      metadata: { ...row.metadata, source_ids: [], answers: [], held_out_sources: gold },
    });
  }
  if (out.length === 0)
    throw new CliError(
      'bad_input',
      '--hold-out-gold: no selected row has gold sources (metadata.source_ids) to hold out.',
    );
  const retriever = new HoldOutGoldRetriever(setup.retriever.retriever, heldOut);
  return { rows: out, setup: { ...setup, retriever: { ...setup.retriever, retriever } } };
}
