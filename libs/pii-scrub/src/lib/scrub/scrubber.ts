import type { Candidate, Detector } from '../detectors/detector';
import { builtInDetectors } from '../detectors/detector-catalog';
import { createCustomDetector } from '../detectors/custom-detector';
import { factMask, hasFacts, mayRun, TextProbe } from '../detectors/text-probe';
import { DEFAULT_KEPT_IP_RANGES } from '../detectors/ip-detectors';
import { defaultPhoneRegions } from '../detectors/phone-detector';
import { isKnownPhoneRegion } from '../validators/phone-possibility';
import { BUILT_IN_ENTITY_TYPES, isBuiltInEntityType } from '../entity-types';
import { PiiScrubError } from '../errors/pii-scrub-error';
import {
  parseScrubOptions,
  type ResolvedScrubOptions,
  type ScrubOptions,
} from '../config/scrub-options';
import { PlaceholderRegistry } from './placeholder-registry';
import { createSensitiveKeyMatcher } from './sensitive-keys';

/** One redacted span: where it was in the original text and what it was. Never the value. */
export interface Finding {
  type: string;
  start: number;
  end: number;
}

/** Result of scrubbing one text. */
export interface ScrubTextResult {
  text: string;
  findings: Finding[];
}

/** Types each profile turns on before `enable`/`disable`. */
const PROFILE_TYPES: Readonly<Record<'default' | 'strict', readonly string[]>> = {
  default: BUILT_IN_ENTITY_TYPES.filter((t) => t !== 'person_name'),
  strict: BUILT_IN_ENTITY_TYPES,
};

/** Options compiled once: detectors, key matcher, limits. Reuse it for many documents. */
export interface CompiledScrubber {
  readonly options: ResolvedScrubOptions;
  readonly detectors: readonly Detector[];
  /** Finds which detectors may match a text, in one pass. */
  readonly probe: TextProbe;
  /** Per detector, the probe facts it needs (`Detector.needs` as a bit mask). */
  readonly needs: Int32Array;
  /** Enabled entity types (built-in and custom). */
  readonly types: readonly string[];
  readonly isSensitiveKey: ((key: string) => boolean) | null;
  newRegistry(): PlaceholderRegistry;
}

/** Validates and compiles options. @throws PiiScrubError `invalid_config`. */
export function compileScrubber(options: ScrubOptions | undefined): CompiledScrubber {
  const opts = parseScrubOptions(options);
  const custom = opts.custom.map((c) => c.type);
  for (const t of [...opts.enable, ...opts.disable]) {
    if (!isBuiltInEntityType(t) && !custom.includes(t)) {
      throw new PiiScrubError('invalid_config', `unknown entity type \`${t}\`.`, {
        where: 'options.enable/disable',
        fix: `Use one of: ${BUILT_IN_ENTITY_TYPES.join(', ')}, or a custom type's name.`,
      });
    }
  }
  for (const t of custom) {
    if (isBuiltInEntityType(t)) {
      throw new PiiScrubError(
        'invalid_config',
        `custom entity type \`${t}\` clashes with a built-in type.`,
        {
          where: 'options.custom',
          fix: 'Pick another name, or disable the built-in and use your own name.',
        },
      );
    }
  }
  const enabled = new Set([...PROFILE_TYPES[opts.profile], ...opts.enable, ...custom]);
  for (const t of opts.disable) enabled.delete(t);
  const unknownRegion = opts.phone?.regions?.find((r) => !isKnownPhoneRegion(r));
  if (unknownRegion !== undefined) {
    throw new PiiScrubError('invalid_config', `unknown phone region \`${unknownRegion}\`.`, {
      where: 'options.phone.regions',
      fix: 'Use ISO 3166-1 alpha-2 codes libphonenumber knows (e.g. `DE`, `US`), or omit the option for all regions.',
    });
  }
  const catalog = builtInDetectors({
    keepIpRanges: opts.keepIpRanges ?? DEFAULT_KEPT_IP_RANGES,
    phoneRegions: opts.phone?.regions ?? defaultPhoneRegions(),
    phoneContextWords: opts.phone?.extraContextWords ?? [],
    cardContextWords: opts.card?.extraContextWords ?? [],
  });
  const detectors: Detector[] = [];
  for (const [type, d] of catalog) if (enabled.has(type)) detectors.push(d);
  for (const c of opts.custom) if (enabled.has(c.type)) detectors.push(createCustomDetector(c));
  const key = opts.pseudonymKey;
  return {
    options: opts,
    detectors,
    probe: new TextProbe(detectors),
    needs: Int32Array.from(detectors, (d) => factMask(d.needs)),
    types: [...enabled],
    isSensitiveKey: enabled.has('sensitive_key')
      ? createSensitiveKeyMatcher(opts.sensitiveKeys, opts.extraSensitiveKeys)
      : null,
    newRegistry: () => new PlaceholderRegistry(key),
  };
}

const NONE: Candidate[] = [];

// One shared `emit` instead of a closure per call: per-line fixed costs dominate on short log
// lines. State is saved and restored around each call, so a custom validator that scrubs
// another text from inside a scan does not clobber the outer call.
let found: Candidate[] = NONE;
let current: Detector | undefined;
const emit = (start: number, end: number): void => {
  if (end <= start || current === undefined) return;
  if (found === NONE) found = [];
  found.push({ type: current.type, start, end, priority: current.priority });
};

function collect(scrubber: CompiledScrubber, text: string): Candidate[] {
  const { detectors, needs } = scrubber;
  const bits = scrubber.probe.scan(text);
  const outerFound = found;
  const outerCurrent = current;
  found = NONE;
  current = undefined;
  try {
    for (let i = 0; i < detectors.length; i++) {
      const d = detectors[i] as Detector;
      if (!mayRun(bits, i) || !hasFacts(bits, needs[i] as number) || !d.mayMatch(text, bits))
        continue;
      current = d;
      d.scan(text, emit, bits);
    }
    return found;
  } finally {
    found = outerFound;
    current = outerCurrent;
  }
}

/**
 * Runs the detectors whose triggers occur in `text` (one combined pass) and whose `mayMatch`
 * agrees, and keeps non-overlapping spans: longest first, then priority.
 */
export function findEntities(scrubber: CompiledScrubber, text: string): Candidate[] {
  const found = collect(scrubber, text);
  if (found.length <= 1) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  // Overlaps only matter inside clusters of touching spans: resolve each cluster on its own
  // so a text with many findings stays linear.
  const kept: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) kept.push(cluster[0] as Candidate);
    else if (cluster.length > 1) {
      cluster.sort(
        (a, b) =>
          b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start,
      );
      const chosen: Candidate[] = [];
      for (const c of cluster)
        if (!chosen.some((k) => c.start < k.end && k.start < c.end)) chosen.push(c);
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
    cluster = [];
  };
  for (const c of found) {
    if (c.start >= clusterEnd) flush();
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.end);
  }
  flush();
  return kept;
}

/** Scrubs one text with a compiled scrubber and a document's placeholder registry. */
export function scrubWith(
  scrubber: CompiledScrubber,
  text: string,
  registry: PlaceholderRegistry,
): ScrubTextResult {
  const spans = findEntities(scrubber, text);
  if (spans.length === 0) return { text, findings: [] };
  let out = '';
  let pos = 0;
  const findings: Finding[] = [];
  for (const s of spans) {
    out += text.slice(pos, s.start) + registry.tokenFor(s.type, text.slice(s.start, s.end));
    pos = s.end;
    findings.push({ type: s.type, start: s.start, end: s.end });
  }
  return { text: out + text.slice(pos), findings };
}
