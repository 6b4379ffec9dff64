/**
 * Adds the seed to a JSON chat request body, leaving an explicit seed alone: `seed` for chat
 * completions, `generationConfig.seed` for Gemini. Ax 24 does not send the configured seed
 * to these providers, so the LLM fetch adds it on the way out. Other endpoints and bodies
 * that are not JSON text pass through unchanged.
 */
export function injectSeed(
  url: string,
  body: RequestInit['body'] | undefined,
  seed: number | undefined,
): RequestInit['body'] | undefined {
  if (seed === undefined || typeof body !== 'string') return body;
  const isChat = /\/chat\/completions(?:\?|$)/.test(url);
  const isGemini = /:(?:stream)?[gG]enerateContent(?:\?|$)/.test(url);
  if (!isChat && !isGemini) return body;
  // A chat body without any "seed" key gets one in front, sparing a parse and
  // re-serialisation of the whole prompt on every call.
  if (isChat && body.startsWith('{') && !body.includes('"seed"')) {
    const rest = body.slice(1).trimStart();
    return rest.startsWith('}') ? `{"seed":${seed}${rest}` : `{"seed":${seed},${rest}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body;
  const obj = parsed as Record<string, unknown>;
  if (isChat) {
    if (obj['seed'] === undefined) obj['seed'] = seed;
  } else {
    const gc = (
      typeof obj['generationConfig'] === 'object' && obj['generationConfig'] !== null
        ? obj['generationConfig']
        : {}
    ) as Record<string, unknown>;
    if (gc['seed'] === undefined) gc['seed'] = seed;
    obj['generationConfig'] = gc;
  }
  return JSON.stringify(obj);
}
