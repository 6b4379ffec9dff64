import type { CreateManifestResult, ValidationReport } from '@cited/dataset-manifest';
import { formatIssue } from '@cited/dataset-manifest';

function splitTable(splits: Record<string, number>): string[] {
  const width = Math.max(5, ...Object.keys(splits).map((s) => s.length));
  return Object.entries(splits).map(([s, n]) => `  ${s.padEnd(width)}  ${n}`);
}

/** The human summary of `dataset manifest`. */
export function formatManifestSummary(result: CreateManifestResult): string {
  const m = result.manifest;
  const lines = [
    `Dataset ${m.dataset_name} (version ${m.version}): ${m.total_rows} rows, ${m.jsonl_bytes} bytes`,
    ...splitTable(m.splits),
    `jsonl sha256: ${m.jsonl_sha256}`,
  ];
  if (m.has_snapshot)
    lines.push(
      `snapshot: ${result.paths.snapshot} (${result.snapshot.compressedBytes} bytes, gzip sha256 ${m.gzip_sha256})`,
    );
  else if (m.sample)
    lines.push(
      `sample: ${result.paths.sample} (${m.sample.rows} rows: ${Object.entries(m.sample.splits)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}; seed ${m.sample.seed}, rate ${m.sample.rate})`,
    );
  if (m.notes) lines.push(`notes: ${m.notes}`);
  lines.push(`manifest: ${result.paths.manifest}`);
  return lines.join('\n');
}

/** The human report of `dataset validate`. */
export function formatValidationReport(file: string, report: ValidationReport): string {
  if (report.ok)
    return [`${file}: valid, ${report.rows} rows`, ...splitTable(report.splits)].join('\n');
  const count = `${report.issues.length}${report.truncated ? '+' : ''}`;
  return [
    ...report.issues.map((i) => formatIssue(file, i)),
    `${file}: invalid, ${count} problem${report.issues.length === 1 ? '' : 's'} in ${report.lines} lines${
      report.truncated ? ' (stopped at the cap; raise --max-issues to see more)' : ''
    }`,
  ].join('\n');
}
