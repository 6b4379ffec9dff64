// The served model is the first top-level "model" (OpenAI, Anthropic, Ollama) or
// "modelVersion" (Gemini) key; escaped quotes inside generated text do not match.
const MODEL_RE = /(?<!\\)"(?:model|modelVersion)"\s*:\s*"([^"\\]{1,200})"/;
/** Only the start of a reply is scanned: providers name the model before the content. */
const MAX_SCAN_CHARS = 64 * 1024;

/**
 * The model a provider says it served, read from a whole JSON reply, or undefined. Ax 24
 * drops this name, and a provider may serve another snapshot than the one requested.
 */
export function findServedModel(text: string): string | undefined {
  const scanned = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  return MODEL_RE.exec(scanned)?.[1] || undefined;
}

/**
 * Passes a streamed (server-sent events) body through untouched while scanning its start for
 * the served model. `done` runs once, when the body ends, fails, is cancelled by its reader
 * or `stop` aborts (the attempt's timeout), so that the caller can free its slot.
 */
export function captureServedModelFromStream(
  res: Response,
  done: () => void,
  stop: AbortSignal,
  onModel: (model: string) => void,
): Response {
  if (!res.body) {
    done();
    return res;
  }
  const decoder = new TextDecoder();
  let scanned = '';
  let found = false;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    stop.removeEventListener('abort', finish);
    done();
  };
  stop.addEventListener('abort', finish, { once: true });
  const reader = res.body.getReader();
  // A pull-through stream (not a TransformStream) so that a consumer that stops early and
  // cancels, as Ax does after `[DONE]`, still frees the concurrency slot at once.
  const piped = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: ended, value } = await reader.read();
        if (ended) {
          finish();
          controller.close();
          return;
        }
        if (!found && scanned.length < MAX_SCAN_CHARS) {
          scanned += decoder.decode(value, { stream: true });
          const model = MODEL_RE.exec(scanned)?.[1];
          if (model) {
            found = true;
            scanned = '';
            onModel(model);
          }
        }
        controller.enqueue(value);
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
  return new Response(piped, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}
