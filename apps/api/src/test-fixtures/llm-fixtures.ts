import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_RETRIEVER,
  EmbeddedIndex,
  loadBundledCorpus,
  buildProgram,
  defaultReasonerSpec,
  defaultVerifierSpec,
  serializeProgram,
} from '@cited/dspy-pipeline';
import {
  startOpenAiStubServer,
  type OpenAiStubServer,
  type StubChatReply,
} from '@cited/dspy-pipeline/testing';

/** How the scripted LLM behaves; tests flip it between requests. */
export interface LlmScript {
  /** Reasoner (dspy) replies: ok, fail with HTTP 500, or prose without the fields asked for. */
  reasoner: 'ok' | 'fail' | 'garbage';
  /** Verifier (dspy) verdict. */
  verdict: 'supported' | 'unsupported';
  /** Baseline replies: ok, fail with HTTP 500, or prose instead of the JSON asked for. */
  baseline: 'ok' | 'fail' | 'garbage';
  /** Extra latency of every reply. */
  delayMs: number;
}

/** A chatty model's reply: none of the JSON or fields a pipeline asks for. */
const GARBAGE = 'Sure! Happy to help with your tenancy question.';

function text(body: Record<string, unknown>): string {
  return JSON.stringify(body['messages'] ?? '');
}

/**
 * The OpenAI-compatible stub server (the accepted LLM test double) answering like a model
 * would: baseline JSON, Ax reasoner fields, Ax verifier fields. Citations are the first
 * passage id of the prompt.
 */
export async function startScriptedStub(script: LlmScript): Promise<OpenAiStubServer> {
  return startOpenAiStubServer({
    servedModel: 'stub-model-served-2025',
    reply: (body): StubChatReply => {
      const prompt = text(body);
      const firstId = /\[([^\]\s]+#\d+)\]/.exec(prompt)?.[1] ?? 'none#0';
      const delayMs = script.delayMs;
      if (prompt.includes('Reply with a single JSON object')) {
        if (script.baseline === 'fail') return { status: 500, delayMs };
        if (script.baseline === 'garbage') return { delayMs, content: GARBAGE };
        return {
          delayMs,
          content: JSON.stringify({
            answer: 'A tenant must give written notice.',
            citations: [firstId],
          }),
        };
      }
      if (/verdict/i.test(prompt)) {
        return { delayMs, content: `Verdict: ${script.verdict}` };
      }
      if (script.reasoner === 'fail') return { status: 500, delayMs };
      if (script.reasoner === 'garbage') return { delayMs, content: GARBAGE };
      return {
        delayMs,
        content: `Reasoning: from the passage.\nAnswer: A tenant must give written notice.\nCitations: ["${firstId}"]`,
      };
    },
  });
}

/** Environment of an app whose LLM is `stub`. */
export function llmEnv(stub: OpenAiStubServer): Record<string, string> {
  return {
    CITED_LLM_PROVIDER: 'openai-compatible',
    CITED_LLM_MODEL: 'stub-model',
    CITED_LLM_BASE_URL: stub.baseUrl,
    CITED_LLM_TIMEOUT_MS: '3000',
  };
}

/** A dspy program's JSON text (reasoner + verifier, default instructions, the stub model). */
export function dspyProgramJson(name: string): string {
  return serializeProgram(
    buildProgram({
      name,
      pipeline: 'dspy',
      modules: { reasoner: defaultReasonerSpec(), verifier: defaultVerifierSpec() },
      llm: {
        provider: 'openai-compatible',
        model: 'stub-model',
        servedModel: null,
        temperature: 0,
        seed: null,
      },
      retriever: DEFAULT_RETRIEVER,
      seed: 1,
    }),
  );
}

/** Writes a valid dspy program (see {@link dspyProgramJson}) and returns its path. */
export function writeDspyProgram(dir: string, name = 'test-dspy'): string {
  const path = join(dir, `${name}.program.json`);
  writeFileSync(path, dspyProgramJson(name));
  return path;
}

/** Saves an index holding the bundled corpus once per tenant at `<dir>/index`. */
export async function bundledIndexFor(dir: string, tenants: readonly string[]): Promise<void> {
  const chunks = [];
  for (const tenantId of tenants) chunks.push(...(await loadBundledCorpus({ tenantId })).chunks);
  await (await EmbeddedIndex.build(chunks)).save(join(dir, 'index'));
}
