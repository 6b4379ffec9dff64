import { z } from 'zod';
import type { Passage } from '../retrieval/passage';
import { formatPassages } from './passage-format';

/** Version of the fixed prompt; bump when its text changes (it is part of results). */
export const BASELINE_PROMPT_VERSION = 1;

/** The fixed, hand-written system prompt of the baseline pipeline. Never optimized. */
export const BASELINE_SYSTEM_PROMPT = [
  'You answer questions about documents using ONLY the passages provided.',
  'Each passage starts with its id in square brackets, e.g. [lease#0].',
  'Reply with a single JSON object and nothing else: {"answer": string, "citations": string[]}.',
  '"citations" lists the ids (without brackets) of the passages that state the answer.',
  'If the passages do not contain the answer, reply {"answer": "Not found in the sources.", "citations": []}.',
  'Do not use outside knowledge. Keep the answer to one or two sentences.',
].join('\n');

/** Renders the user message for a question and its passages. */
export function baselineUserPrompt(question: string, passages: readonly Passage[]): string {
  return `Passages:\n${formatPassages(passages)}\n\nQuestion: ${question}`;
}

const replySchema = z.object({
  answer: z.string(),
  citations: z.array(z.string()).default([]),
});

/** The parsed baseline reply. */
export type BaselineReply = z.infer<typeof replySchema>;

/**
 * Parses the model's reply: the first JSON object in it (models sometimes wrap it in a code
 * fence). Returns undefined when no valid object is found, which the pipeline treats as an
 * unsupported answer.
 */
export function parseBaselineReply(content: string): BaselineReply | undefined {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const parsed = replySchema.safeParse(JSON.parse(content.slice(start, end + 1)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
