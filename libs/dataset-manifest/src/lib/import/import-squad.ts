import { DatasetManifestError } from '../errors/dataset-manifest-error';
import type { DatasetRowInput } from '../schema/dataset-row.schema';
import { splitOfTitle } from './article-split';
import { squadFileSchema, type SquadFile } from './squad-source.schema';

/** The SQuAD dialects `importSquad` reads. */
export type SquadFormat = 'squad' | 'squad2';

/** A corpus document written by the import: one per paragraph. */
export interface ImportedDocument {
  /** `<title>#p<n>` (n from 0 in article order; whitespace in the title becomes `_`). */
  id: string;
  title: string;
  text: string;
  metadata: { article: string; paragraph: number };
}

/** What {@link importSquad} produced. */
export interface SquadImport {
  documents: ImportedDocument[];
  rows: DatasetRowInput[];
  /** Rows per split, and unanswerable rows (SQuAD 2.0 `is_impossible`). */
  counts: { articles: number; documents: number; rows: number; unanswerable: number } & Record<
    string,
    number
  >;
}

/** The answer text of an unanswerable row, as the bundled dataset writes it. */
export const UNANSWERABLE_ANSWER = 'Not found in the sources.';

/** `$.data[0].paragraphs[2]` for a zod issue path. */
export function jsonPathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    '$',
  );
}

function fail(path: readonly PropertyKey[], message: string): never {
  throw new DatasetManifestError('invalid_row', message, {
    where: jsonPathOf(path),
    fix: 'The file must be SQuAD JSON: {"data":[{"title","paragraphs":[{"context","qas":[{"id","question","answers":[{"text","answer_start"}]}]}]}]}.',
  });
}

/**
 * Converts a SQuAD v1.1 (`squad`) or 2.0 (`squad2`) file, already parsed from JSON, into a corpus
 * (one document per paragraph) and dataset rows: `answer` is the first gold answer, every
 * distinct gold answer is kept in `metadata.answers`, the paragraph's document id in
 * `metadata.source_ids`, the paragraph as `context`; the split comes from the article title
 * ({@link splitOfTitle}). A `squad2` question with `is_impossible` becomes an unanswerable row
 * (`source_ids: []`). Deterministic: the same file gives the same output.
 * @throws DatasetManifestError `invalid_row` naming the JSON path of the first bad element
 * (e.g. `$.data[3].paragraphs[0].qas[7].answers`).
 */
export function importSquad(value: unknown, format: SquadFormat): SquadImport {
  const parsed = squadFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(issue?.path ?? [], issue?.message ?? 'invalid');
  }
  return convert(parsed.data, format);
}

function convert(file: SquadFile, format: SquadFormat): SquadImport {
  const documents: ImportedDocument[] = [];
  const rows: DatasetRowInput[] = [];
  const counts: SquadImport['counts'] = { articles: 0, documents: 0, rows: 0, unanswerable: 0 };
  const docIds = new Set<string>();
  const rowIds = new Set<string>();
  file.data.forEach((article, a) => {
    const slug = article.title.trim().replace(/\s+/g, '_').replace(/#/g, '%23');
    const split = splitOfTitle(article.title);
    counts.articles++;
    article.paragraphs.forEach((paragraph, p) => {
      const id = `${slug}#p${p}`;
      if (docIds.has(id)) fail(['data', a, 'title'], `article title repeats "${article.title}"`);
      docIds.add(id);
      documents.push({
        id,
        title: article.title.replace(/_/g, ' '),
        text: paragraph.context,
        metadata: { article: article.title, paragraph: p },
      });
      paragraph.qas.forEach((qa, q) => {
        const at = ['data', a, 'paragraphs', p, 'qas', q];
        if (rowIds.has(qa.id)) fail([...at, 'id'], `question id repeats "${qa.id}"`);
        rowIds.add(qa.id);
        const impossible = qa.is_impossible === true;
        if (impossible && format === 'squad')
          fail([...at, 'is_impossible'], 'is_impossible is SQuAD 2.0: use --format squad2');
        if (!impossible && qa.answers.length === 0)
          fail([...at, 'answers'], 'an answerable question needs at least one answer');
        const answers = [...new Set(qa.answers.map((x) => x.text))];
        rows.push({
          id: qa.id,
          split,
          question: qa.question,
          answer: impossible ? UNANSWERABLE_ANSWER : (answers[0] as string),
          context: paragraph.context,
          metadata: {
            source_ids: impossible ? [] : [id],
            answers: impossible ? [] : answers,
            article: article.title,
          },
        });
        counts[split] = (counts[split] ?? 0) + 1;
        counts.rows++;
        if (impossible) counts.unanswerable++;
      });
    });
  });
  counts.documents = documents.length;
  return { documents, rows, counts };
}
