/**
 * Test helpers for @cited/dataset-manifest: build valid rows and write real JSONL files.
 * Never imported by the main entry point.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetRowInput } from './lib/schema/dataset-row.schema';

/** A valid row; `overrides` replace or add fields. */
export function makeDatasetRow(
  index: number,
  overrides: Partial<DatasetRowInput> & Record<string, unknown> = {},
): DatasetRowInput {
  return {
    id: `q-${String(index).padStart(6, '0')}`,
    split: 'train',
    question: `What is the notice period in lease ${index}?`,
    answer: `${(index % 6) + 1} months`,
    context: [`Lease ${index}: the notice period is ${(index % 6) + 1} months.`],
    metadata: { source_ids: [`doc-${index}`] },
    ...overrides,
  };
}

/**
 * `total` valid rows spread over splits by weight, e.g. `{ train: 8, dev: 1, test: 1 }`, in a
 * deterministic interleaved order.
 */
export function makeDatasetRows(
  total: number,
  weights: Readonly<Record<string, number>> = { train: 1 },
): DatasetRowInput[] {
  const names = Object.keys(weights);
  const sum = names.reduce((n, s) => n + (weights[s] ?? 0), 0);
  const rows: DatasetRowInput[] = [];
  let acc = 0;
  for (let i = 0; i < total; i++) {
    // Walk the weights with a stride so every split is spread over the file.
    acc = (acc + 1) % sum;
    let pick = acc;
    let split = names[0] ?? 'train';
    for (const s of names) {
      if (pick < (weights[s] ?? 0)) {
        split = s;
        break;
      }
      pick -= weights[s] ?? 0;
    }
    rows.push(makeDatasetRow(i, { split }));
  }
  return rows;
}

/** JSONL text: one `JSON.stringify` per row (strings are written verbatim as lines). */
export function toJsonl(rows: ReadonlyArray<unknown>): string {
  return rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
}

/** Writes `content` (rows or raw text/bytes) to `name` in a fresh temp directory; returns the path. */
export function writeDatasetFile(
  content: ReadonlyArray<unknown> | string | Uint8Array,
  name = 'dataset.jsonl',
  dir: string = mkdtempSync(join(tmpdir(), 'cited-dataset-')),
): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    typeof content === 'string' || content instanceof Uint8Array
      ? content
      : toJsonl(content as ReadonlyArray<unknown>),
  );
  return path;
}
