import { axGlobals, type AxAIService, type AxAIServiceOptions } from '@ax-llm/ax';

// The globals that Ax's `getOptions()` folds into its result: when any of them changes
// (e.g. an app installs a tracer after start-up), the memo is rebuilt.
const GLOBAL_KEYS = [
  'tracer',
  'meter',
  'rateLimiter',
  'logger',
  'debug',
  'abortSignal',
  'customLabels',
] as const;

/**
 * Memoizes an Ax service's `getOptions()`. Ax 24 calls it about 22 times per `forward()`,
 * and each call builds a fresh object (spreads, label merges, provider defaults): measured
 * as 25–30 % of the CPU time of a non-streaming forward (bench/pipeline). The memo is
 * dropped when `setOptions()` is called or when one of the Ax globals it depends on changes.
 * Patches the instance only (the method stays on the prototype), so private fields keep
 * working. The provider client that `ai()` wraps (its `ai` field) calls its own
 * `getOptions()` inside every `chat()`, so it is memoized too.
 */
export function memoizeServiceOptions(service: AxAIService): AxAIService {
  const inner = (service as { ai?: unknown }).ai;
  if (
    inner !== service &&
    typeof inner === 'object' &&
    inner !== null &&
    typeof (inner as { getOptions?: unknown }).getOptions === 'function' &&
    typeof (inner as { setOptions?: unknown }).setOptions === 'function'
  ) {
    memoizeOne(inner as AxAIService);
  }
  return memoizeOne(service);
}

function memoizeOne(service: AxAIService): AxAIService {
  const target = service as AxAIService & {
    getOptions: () => Readonly<AxAIServiceOptions>;
    setOptions: (options: Readonly<AxAIServiceOptions>) => void;
  };
  const original = target.getOptions;
  const originalSet = target.setOptions;
  let cached: Readonly<AxAIServiceOptions> | undefined;
  let seen: unknown[] = [];
  const globalsChanged = (): boolean => {
    for (let i = 0; i < GLOBAL_KEYS.length; i++) {
      if (axGlobals[GLOBAL_KEYS[i] as (typeof GLOBAL_KEYS)[number]] !== seen[i]) return true;
    }
    return false;
  };
  target.getOptions = function getOptionsMemo(this: unknown): Readonly<AxAIServiceOptions> {
    if (cached === undefined || globalsChanged()) {
      seen = GLOBAL_KEYS.map((k) => axGlobals[k]);
      cached = original.call(target);
    }
    return cached;
  };
  target.setOptions = function setOptionsAndForget(options: Readonly<AxAIServiceOptions>): void {
    cached = undefined;
    originalSet.call(target, options);
  };
  return service;
}
