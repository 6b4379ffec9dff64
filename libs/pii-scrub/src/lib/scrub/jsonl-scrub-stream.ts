import { Transform, type TransformCallback } from 'node:stream';
import type { ScrubOptions } from '../config/scrub-options';
import { PiiScrubError } from '../errors/pii-scrub-error';
import { createScrubber, type Scrubber } from './scrub-api';

/** A line the stream could not scrub as JSON. Never carries the line's content. */
export interface JsonlIssue {
  /** 1-based line number in the input. */
  line: number;
  code:
    'malformed_line' | 'invalid_utf8' | 'line_too_long' | 'depth_exceeded' | 'circular_reference';
  message: string;
}

/** Options for {@link createJsonlScrubStream}. */
export interface JsonlScrubOptions extends ScrubOptions {
  /**
   * What to do with a line that is not valid JSON (or too long, or not UTF-8): `redact`
   * writes a marker object in its place, `drop` omits it, `error` fails the stream.
   * Every case is reported through `onIssue`. Default `redact`.
   */
  onMalformed?: 'redact' | 'drop' | 'error';
  /** Longest line kept in memory, in bytes (default 16 MiB). */
  maxLineBytes?: number;
  /** Called for each malformed line. */
  onIssue?: (issue: JsonlIssue) => void;
  /** Reuse an existing scrubber instead of compiling the options again. */
  scrubber?: Scrubber;
}

/** Counters a stream exposes once it has finished. */
export interface JsonlScrubStats {
  lines: number;
  malformed: number;
  findingsByType: Record<string, number>;
}

const NL = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A Transform from JSONL bytes to scrubbed JSONL bytes, one line at a time, holding at most
 * one line (≤ `maxLineBytes`) in memory. Each line is its own document for placeholders.
 */
export function createJsonlScrubStream(
  options: JsonlScrubOptions = {},
): Transform & { stats: JsonlScrubStats } {
  const {
    onMalformed = 'redact',
    maxLineBytes = 16 * 1024 * 1024,
    onIssue,
    scrubber: given,
    ...scrubOptions
  } = options;
  if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new PiiScrubError('invalid_config', '`maxLineBytes` must be a positive integer.', {
      where: 'options.maxLineBytes',
    });
  }
  const scrubber = given ?? createScrubber(scrubOptions);
  const stats: JsonlScrubStats = { lines: 0, malformed: 0, findingsByType: {} };
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;

  const issue = (code: JsonlIssue['code'], message: string): Error | null => {
    stats.malformed++;
    const i: JsonlIssue = { line: stats.lines, code, message: `line ${stats.lines}: ${message}` };
    onIssue?.(i);
    if (onMalformed === 'error')
      return new PiiScrubError(code === 'malformed_line' ? 'malformed_line' : code, i.message, {
        where: `line ${stats.lines}`,
      });
    if (onMalformed === 'redact')
      out.push(
        `${JSON.stringify({ pii_scrub: 'malformed_line_redacted', line: stats.lines, reason: code })}\n`,
      );
    return null;
  };

  const finishLine = (): Error | null => {
    stats.lines++;
    if (overflow) {
      overflow = false;
      parts = [];
      size = 0;
      return issue('line_too_long', `longer than ${maxLineBytes} bytes.`);
    }
    let buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    if (buf.length > 0 && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
    let text: string;
    try {
      text = decoder.decode(buf);
    } catch {
      return issue('invalid_utf8', 'not valid UTF-8.');
    }
    if (text.trim() === '') {
      out.push('\n');
      return null;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return issue('malformed_line', 'not valid JSON.');
    }
    try {
      const r = scrubber.scrubJson(parsed);
      for (const f of r.findings)
        stats.findingsByType[f.type] = (stats.findingsByType[f.type] ?? 0) + 1;
      out.push(`${JSON.stringify(r.value)}\n`);
      return null;
    } catch (e) {
      if (
        PiiScrubError.isInstance(e) &&
        (e.code === 'depth_exceeded' || e.code === 'circular_reference')
      ) {
        return issue(e.code, e.message);
      }
      throw e;
    }
  };

  const take = (chunk: Buffer, from: number, to: number) => {
    if (overflow || to <= from) return;
    if (size + (to - from) > maxLineBytes) {
      overflow = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(chunk.subarray(from, to));
    size += to - from;
  };

  const out = new Transform({
    transform(chunk: Buffer | string, _enc, done: TransformCallback) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      try {
        let from = 0;
        let nl = buf.indexOf(NL, from);
        while (nl >= 0) {
          take(buf, from, nl);
          const err = finishLine();
          if (err) return done(err);
          from = nl + 1;
          nl = buf.indexOf(NL, from);
        }
        take(buf, from, buf.length);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (size > 0 || overflow) {
          const err = finishLine();
          if (err) return done(err);
        }
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  return Object.assign(out, { stats });
}
