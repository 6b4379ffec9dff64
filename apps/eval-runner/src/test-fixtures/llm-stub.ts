import {
  startOpenAiStubServer,
  type OpenAiStubServer,
  type StubChatReply,
} from '@cited/dspy-pipeline/testing';
import type { MlflowClient } from '@cited/mlflow-client';
import { testMlflowClient } from './cli-harness';

type Message = { role?: string; content?: unknown };

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((c) =>
        typeof c === 'object' && c && 'text' in c ? String((c as { text: unknown }).text) : '',
      )
      .join('');
  return '';
}

/** First passage of the last user message: `[id] title: text`. */
function firstPassage(user: string): { id: string; sentence: string } | undefined {
  const m = /\[([^\]\s]+#\d+)\]\s*(?:[^:\n]{0,120}:\s*)?([^\n]+)/.exec(user);
  if (!m?.[1] || !m[2]) return undefined;
  const sentence = (/^(.+?[.!?])(\s|$)/.exec(m[2])?.[1] ?? m[2]).slice(0, 300);
  return { id: m[1], sentence };
}

/**
 * A scripted "LLM" for the OpenAI-compatible stub: answers with the first sentence of the
 * first passage and cites it (baseline JSON, reasoner and verifier in Ax's field format).
 * `echoQuestion` appends the question to the answer, so outputs carry whatever the input had.
 */
export function scriptedReply(options: { echoQuestion?: boolean } = {}) {
  return (body: Record<string, unknown>): StubChatReply | string => {
    const messages = (body['messages'] as Message[] | undefined) ?? [];
    const system = text(messages[0]?.content);
    const user = text([...messages].reverse().find((m) => m.role === 'user')?.content);
    const passage = firstPassage(user);
    const question = /Question:\s*([^\n]+)/.exec(user)?.[1] ?? '';
    const answer = passage
      ? `${passage.sentence}${options.echoQuestion ? ` (asked: ${question})` : ''}`
      : 'Not found in the sources.';
    if (system.includes('Reply with a single JSON object'))
      return JSON.stringify({ answer, citations: passage ? [passage.id] : [] });
    if (/verdict/i.test(system)) return 'Verdict: supported';
    return `Answer: ${answer}\nCitations: ${JSON.stringify(passage ? [passage.id] : [])}`;
  };
}

/** Starts the stub with {@link scriptedReply} and returns it with the env that points the CLI at it. */
export async function startLlmStub(
  options: {
    latencyMs?: number;
    echoQuestion?: boolean;
    reply?: (body: Record<string, unknown>, index: number) => StubChatReply | string;
  } = {},
): Promise<{ stub: OpenAiStubServer; env: Record<string, string> }> {
  const stub = await startOpenAiStubServer({
    latencyMs: options.latencyMs ?? 0,
    reply: options.reply ?? scriptedReply(options.echoQuestion ? { echoQuestion: true } : {}),
  });
  return {
    stub,
    env: {
      CITED_LLM_PROVIDER: 'openai-compatible',
      CITED_LLM_BASE_URL: stub.baseUrl,
      CITED_LLM_MODEL: 'stub-model',
      CITED_LLM_SEED: '7',
    },
  };
}

/** The stub and an MLflow client one spec file shares (see {@link sharedLlmStub}). */
export class SharedLlmStub {
  stub!: OpenAiStubServer;
  /** The env that points the CLI at the stub. */
  env!: Record<string, string>;
  client!: MlflowClient;
}

/**
 * Starts {@link startLlmStub}'s default stub and a client of the test MLflow server before the
 * spec file's tests and closes both after them; the fields are set once `beforeAll` has run.
 */
export function sharedLlmStub(): SharedLlmStub {
  const shared = new SharedLlmStub();
  beforeAll(async () => {
    const s = await startLlmStub();
    shared.stub = s.stub;
    shared.env = s.env;
    shared.client = testMlflowClient();
  });
  afterAll(async () => {
    shared.client.close();
    await shared.stub.close();
  });
  return shared;
}
