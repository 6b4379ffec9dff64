import { PiiScrubError } from '../errors/pii-scrub-error';
import type { PlaceholderRegistry } from './placeholder-registry';
import { scrubWith, type CompiledScrubber } from './scrubber';

/** A finding inside a JSON value: `path` is a JSON Pointer (RFC 6901) to the string leaf. */
export interface JsonFinding {
  path: string;
  type: string;
  /** Offsets inside the string at `path` (a whole value for `sensitive_key`). */
  start: number;
  end: number;
}

/** Result of scrubbing one JSON value. */
export interface ScrubJsonResult<T = unknown> {
  value: T;
  findings: JsonFinding[];
}

const pointerPart = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Keys shorter than this cannot hold an email, phone or key: skip scanning them. */
const MIN_KEY_SCAN = 6;

/**
 * Walks a JSON-like value and returns a scrubbed deep copy. Strings are scrubbed, values under
 * sensitive keys are replaced whatever they hold, numbers/booleans/null keep their type, the
 * input is never mutated. One registry = one document (same value → same placeholder).
 */
export function scrubJsonWith(
  scrubber: CompiledScrubber,
  value: unknown,
  registry: PlaceholderRegistry,
): ScrubJsonResult {
  const findings: JsonFinding[] = [];
  const { maxDepth, onDepthExceeded, onCircular } = scrubber.options;
  const ancestors = new Set<object>();

  const sensitive = (v: unknown, path: string): unknown => {
    if (v === null || v === undefined || v === '') return v;
    const text = typeof v === 'string' ? v : safeStringify(v);
    findings.push({
      path,
      type: 'sensitive_key',
      start: 0,
      end: typeof v === 'string' ? v.length : 0,
    });
    return registry.tokenFor('sensitive_key', text);
  };

  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (typeof v === 'string') {
      const r = scrubWith(scrubber, v, registry);
      for (const f of r.findings) findings.push({ path, ...f });
      return r.text;
    }
    if (v === null || typeof v !== 'object') return v;
    if (depth > maxDepth) {
      if (onDepthExceeded === 'truncate') return '<TRUNCATED>';
      throw new PiiScrubError('depth_exceeded', `JSON nesting deeper than ${maxDepth} levels.`, {
        where: path || '/',
        fix: 'Flatten the value, raise `maxDepth`, or pass `onDepthExceeded: "truncate"`.',
      });
    }
    if (ancestors.has(v)) {
      if (onCircular === 'replace') return '<CIRCULAR>';
      throw new PiiScrubError('circular_reference', 'circular reference in JSON value.', {
        where: path || '/',
        fix: 'Break the cycle, or pass `onCircular: "replace"`.',
      });
    }
    if (v instanceof Date) return new Date(v.getTime());
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return '<BINARY>';
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(v), path, depth);
    ancestors.add(v);
    try {
      if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}/${i}`, depth + 1));
      if (v instanceof Map) {
        const out = new Map<unknown, unknown>();
        for (const [k, item] of v) {
          const keyText = typeof k === 'string' ? k : '';
          const p = `${path}/${pointerPart(keyText)}`;
          out.set(
            walkKey(k, p),
            scrubber.isSensitiveKey?.(keyText) ? sensitive(item, p) : walk(item, p, depth + 1),
          );
        }
        return out;
      }
      if (v instanceof Set)
        return new Set([...v].map((item, i) => walk(item, `${path}/${i}`, depth + 1)));
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const p = `${path}/${pointerPart(k)}`;
        const item = (v as Record<string, unknown>)[k];
        const newKey = String(walkKey(k, p));
        out[newKey] = scrubber.isSensitiveKey?.(k) ? sensitive(item, p) : walk(item, p, depth + 1);
      }
      return out;
    } finally {
      ancestors.delete(v);
    }
  };

  const walkKey = (k: unknown, path: string): unknown => {
    if (typeof k !== 'string' || k.length < MIN_KEY_SCAN) return k;
    const r = scrubWith(scrubber, k, registry);
    for (const f of r.findings) findings.push({ path: `${path}#key`, ...f });
    return r.text;
  };

  return { value: walk(value, '', 0), findings };
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(typeof v);
  } catch {
    return `[${typeof v}]`;
  }
}
