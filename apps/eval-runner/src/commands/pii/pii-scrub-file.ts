import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import {
  createJsonlScrubStream,
  createScrubber,
  type JsonlIssue,
  type ScrubOptions,
} from '@cited/pii-scrub';
import { CliError } from '../../cli/cli-error';

/** Options of `pii scrub`, validated from commander's parsed values. */
export const piiScrubOptionsSchema = z.object({
  out: z.string().min(1),
  format: z.enum(['text', 'json', 'jsonl']).optional(),
  profile: z.enum(['default', 'strict']).default('default'),
  onMalformed: z.enum(['redact', 'drop', 'error']).default('redact'),
  json: z.boolean().default(false),
});
/** Parsed `pii scrub` options. */
export type PiiScrubCommandOptions = z.infer<typeof piiScrubOptionsSchema>;

/** What `pii scrub` reports: counts only, never values. */
export interface PiiScrubSummary {
  input: string;
  output: string;
  format: 'text' | 'json' | 'jsonl';
  profile: 'default' | 'strict';
  pseudonyms: boolean;
  bytesIn: number;
  findings: number;
  byType: Record<string, number>;
  lines?: number;
  malformed?: { count: number; lines: Array<{ line: number; code: string }> };
}

/** Largest text/JSON file read whole; JSONL streams with bounded memory instead. */
const MAX_WHOLE_FILE = 512 * 1024 * 1024;

/** `--format` or the file extension. */
export function inferFormat(
  file: string,
  given?: 'text' | 'json' | 'jsonl',
): 'text' | 'json' | 'jsonl' {
  if (given) return given;
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  return 'text';
}

function count(byType: Record<string, number>, types: Iterable<string>): number {
  let n = 0;
  for (const t of types) {
    byType[t] = (byType[t] ?? 0) + 1;
    n++;
  }
  return n;
}

/**
 * Scrubs one file into `out` atomically (temp file in the same directory, then rename).
 * `pseudonymKey` comes from `CITED_PII_HMAC_KEY` when set.
 */
export async function scrubFile(
  input: string,
  o: PiiScrubCommandOptions,
  pseudonymKey: string | undefined,
): Promise<PiiScrubSummary> {
  const info = await stat(input).catch(() => null);
  if (!info || !info.isFile()) {
    throw new CliError(
      'bad_input',
      `${input}: no such file. Pass an existing text, JSON or JSONL file.`,
    );
  }
  const format = inferFormat(input, o.format);
  const options: ScrubOptions = { profile: o.profile, pseudonymKey };
  const scrubber = createScrubber(options);
  const tmp = join(dirname(o.out), `.${basename(o.out)}.${process.pid}.${Date.now()}.tmp`);
  const byType: Record<string, number> = {};
  const summary: PiiScrubSummary = {
    input,
    output: o.out,
    format,
    profile: o.profile,
    pseudonyms: pseudonymKey !== undefined,
    bytesIn: info.size,
    findings: 0,
    byType,
  };
  try {
    if (format === 'jsonl') {
      const issues: JsonlIssue[] = [];
      const stream = createJsonlScrubStream({
        scrubber,
        onMalformed: o.onMalformed,
        onIssue: (i) => issues.push(i),
      });
      await pipeline(createReadStream(input), stream, createWriteStream(tmp, { flags: 'wx' }));
      for (const [t, n] of Object.entries(stream.stats.findingsByType)) byType[t] = n;
      summary.findings = Object.values(byType).reduce((a, b) => a + b, 0);
      summary.lines = stream.stats.lines;
      summary.malformed = {
        count: issues.length,
        lines: issues.slice(0, 100).map((i) => ({ line: i.line, code: i.code })),
      };
    } else {
      if (info.size > MAX_WHOLE_FILE) {
        throw new CliError(
          'bad_input',
          `${input}: ${format} files above 512 MiB are not read whole. Convert it to JSONL and use --format jsonl.`,
        );
      }
      const bytes = await readFile(input);
      if (format === 'text') {
        const r = scrubber.scrubText(bytes);
        summary.findings = count(
          byType,
          r.findings.map((f) => f.type),
        );
        await writeFile(tmp, r.text, { flag: 'wx' });
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
        } catch {
          throw new CliError(
            'bad_input',
            `${input}: not valid UTF-8 JSON. Use --format text or jsonl for other files.`,
          );
        }
        const r = scrubber.scrubJson(parsed);
        summary.findings = count(
          byType,
          r.findings.map((f) => f.type),
        );
        await writeFile(tmp, `${JSON.stringify(r.value, null, 2)}\n`, { flag: 'wx' });
      }
    }
    await rename(tmp, o.out);
    return summary;
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Human summary: counts per type, never values. */
export function formatScrubSummary(s: PiiScrubSummary): string {
  const lines = [
    `scrubbed ${s.input} → ${s.output} (${s.format}, profile ${s.profile}${s.pseudonyms ? ', keyed pseudonyms' : ''})`,
    `findings: ${s.findings}`,
    ...Object.entries(s.byType)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([t, n]) => `  ${t.padEnd(20)} ${n}`),
  ];
  if (s.lines !== undefined) lines.push(`lines: ${s.lines}`);
  if (s.malformed && s.malformed.count > 0) {
    lines.push(
      `malformed lines: ${s.malformed.count} (${s.malformed.lines.map((l) => `${l.line}:${l.code}`).join(', ')})`,
    );
  }
  return lines.join('\n');
}
