import { AxPromptTemplate, type AxSignature } from '@ax-llm/ax';

/** What `AxPromptTemplate.buildStructuredPrompt` returns: the system prompt. */
interface SystemPrompt {
  type: 'text';
  text: string;
}

/** The template's own state that decides the system prompt (Ax 24 field names). */
interface TemplateState {
  sig: AxSignature;
  customInstruction?: string;
  functions?: readonly unknown[];
  contextCache?: unknown;
  customTemplate?: unknown;
  structuredOutput?: boolean;
  structuredOutputOverride?: unknown;
  structuredOutputFunctionName?: string;
  thoughtFieldName?: string;
  includeOptionalInputFieldsInSystemPrompt?: boolean;
}

type Build = (this: unknown, hasExamples?: boolean, values?: unknown) => SystemPrompt;

const axBuild = (AxPromptTemplate.prototype as unknown as { buildStructuredPrompt?: Build })
  .buildStructuredPrompt;

const cache = new WeakMap<AxSignature, Map<string, SystemPrompt>>();
/** Counters for tests and diagnostics: a template that never hits costs what Ax's does. */
export const promptCacheStats = { hits: 0, misses: 0, uncacheable: 0 };
/** Cached prompts per signature; a program has a handful (with/without demos, instruction). */
const MAX_PER_SIGNATURE = 64;

/**
 * The system prompt depends on the values only through which optional input fields are
 * present, and on functions, context caching and custom templates in ways not keyed here:
 * templates with any of those are built every time, as Ax does.
 */
function cacheKey(t: TemplateState, hasExamples: boolean): string | undefined {
  if ((t.functions?.length ?? 0) > 0 || t.contextCache !== undefined) return undefined;
  const override = t.structuredOutputOverride;
  if (t.customTemplate !== undefined || (override !== undefined && typeof override !== 'boolean'))
    return undefined;
  const optionalInput = t.sig.getInputFields().some((f) => f.isOptional === true);
  if (optionalInput && t.includeOptionalInputFieldsInSystemPrompt !== true) return undefined;
  return JSON.stringify([
    t.customInstruction ?? null,
    hasExamples,
    t.structuredOutput === true,
    override ?? null,
    t.structuredOutputFunctionName ?? null,
    t.thoughtFieldName ?? null,
  ]);
}

/**
 * Ax's prompt template with the system prompt built once per signature, instruction and
 * options instead of on every call. `AxGen.forward` creates a new template per call and
 * builds the system prompt twice (once in `setInstruction`, once in `render`), each time
 * compiling six regular expressions per field name; that was the largest single cost of a
 * module call after the HTTP client (bench/pipeline). Prompts are identical to Ax's
 * (`cached-prompt-template.spec.ts` renders both). Passed to `AxGen` as its
 * `promptTemplate` option; if a future Ax renames the method, this falls back to Ax's.
 */
export class CachedPromptTemplate extends AxPromptTemplate {}

if (typeof axBuild === 'function') {
  const cached: Build = function (this: unknown, hasExamples = false, values?: unknown) {
    const t = this as TemplateState;
    const key = cacheKey(t, hasExamples);
    if (key === undefined) {
      promptCacheStats.uncacheable++;
      return axBuild.call(this, hasExamples, values);
    }
    let bySig = cache.get(t.sig);
    if (!bySig) {
      bySig = new Map();
      cache.set(t.sig, bySig);
    }
    let prompt = bySig.get(key);
    if (prompt) promptCacheStats.hits++;
    else {
      promptCacheStats.misses++;
      prompt = axBuild.call(this, hasExamples, values);
      if (bySig.size >= MAX_PER_SIGNATURE) bySig.clear();
      bySig.set(key, prompt);
    }
    // A copy: callers own what they get back, as with Ax's fresh object.
    return { ...prompt };
  };
  (
    CachedPromptTemplate.prototype as unknown as { buildStructuredPrompt: Build }
  ).buildStructuredPrompt = cached;
}

/** Whether the cache is active (false if Ax no longer has the method it wraps). */
export const PROMPT_CACHE_ACTIVE = typeof axBuild === 'function';
