import type { AnswerOptions, AnswerResult, QaPipeline, TraceEvent } from '../model/answer-result';
import type { Retriever } from '../retrieval/passage';
import type { LlmService } from '../llm/llm-service';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { observeLlmCall, type CallObservation } from '../llm/served-model-scope';
import { toLlmError } from '../llm/llm-error-mapping';
import { checkCitations } from '../verify/citation-checks';
import { checkLexicalSupport, type LexicalSupportOptions } from '../verify/lexical-support';
import { emitSafely, hashPrompt, type TraceSinks } from '../trace/trace-sink';
import {
  BASELINE_SYSTEM_PROMPT,
  baselineUserPrompt,
  parseBaselineReply,
} from '../programs/baseline-prompt';
import { abstainedResult, timings, toCitations, type AnswerProgress } from './pipeline-results';
import { NO_RELEVANT_PASSAGE, retrieveStep } from './retrieve-step';

/** Options of {@link createBaselinePipeline}. */
export interface BaselinePipelineOptions {
  retriever: Retriever;
  llm: LlmService;
  sinks?: TraceSinks;
  /** Passages scoring at or below this are not relevant. Default 0. */
  minScore?: number;
  /** Options of the lexical support verifier. */
  lexical?: LexicalSupportOptions;
}

/**
 * The `baseline` pipeline: retrieve → exactly one LLM call with a fixed hand-written prompt
 * → deterministic citation checks → lexical support check as verifier. It is the yardstick
 * the optimized `dspy` pipeline must beat.
 */
export function createBaselinePipeline(options: BaselinePipelineOptions): QaPipeline {
  return {
    kind: 'baseline',
    async answer(question: string, opts: AnswerOptions): Promise<AnswerResult> {
      const { progress, passages } = await retrieveStep(options, question, opts);
      if (passages.length === 0) return abstainedResult(progress, [NO_RELEVANT_PASSAGE]);

      const user = baselineUserPrompt(question.trim(), passages);
      const promptHash = hashPrompt(JSON.stringify([BASELINE_SYSTEM_PROMPT, user]));
      const t0 = performance.now();
      let content = '';
      let event: TraceEvent;
      const observation: CallObservation = { attempts: 0 };
      try {
        const { value } = await observeLlmCall(
          () =>
            options.llm.ai.chat(
              {
                chatPrompt: [
                  { role: 'system', content: BASELINE_SYSTEM_PROMPT },
                  { role: 'user', content: user },
                ],
                modelConfig: {
                  temperature: options.llm.temperature,
                  maxTokens: options.llm.maxTokens,
                },
              },
              { stream: false, ...(opts.signal ? { abortSignal: opts.signal } : {}) },
            ),
          observation,
        );
        if (value instanceof ReadableStream) {
          // Only a service that ignores `stream: false` streams here.
          await value.cancel().catch(() => undefined);
          throw new DspyPipelineError('llm_error', 'The baseline LLM call returned a stream.', {
            fix: 'Use an LLM service that answers whole (non-streamed) chat calls.',
          });
        }
        content = value.results[0]?.content ?? '';
        const tokens = value.modelUsage?.tokens;
        event = {
          module: 'baseline-llm',
          latencyMs: performance.now() - t0,
          passageIds: passages.map((p) => p.id),
          promptHash,
          model: options.llm.model,
          ...(observation.servedModel ? { servedModel: observation.servedModel } : {}),
          ...(tokens
            ? {
                tokens: {
                  promptTokens: tokens.promptTokens,
                  completionTokens: tokens.completionTokens,
                  totalTokens: tokens.totalTokens,
                },
              }
            : {}),
        };
      } catch (err) {
        // The retry policy's own error says more than Ax's wrapper around it.
        const error = toLlmError(observation.failure ?? err, 'baseline');
        emitSafely(options.sinks?.trace, {
          module: 'baseline-llm',
          latencyMs: performance.now() - t0,
          passageIds: passages.map((p) => p.id),
          promptHash,
          model: options.llm.model,
          error: error.code,
        });
        throw error;
      }
      progress.llmMs += event.latencyMs;
      emitSafely(options.sinks?.raw, {
        module: 'baseline-llm',
        kind: 'prompt',
        promptHash,
        content: JSON.stringify([BASELINE_SYSTEM_PROMPT, user]),
      });
      emitSafely(options.sinks?.raw, {
        module: 'baseline-llm',
        kind: 'output',
        promptHash,
        content,
      });

      const reply = parseBaselineReply(content);
      if (!reply) {
        // The LLM answered, but not with what it was asked for: an upstream failure the caller
        // can fall back from, not an abstention that looks like the model's own judgement.
        emitSafely(options.sinks?.trace, { ...event, error: 'llm_invalid_reply' });
        throw new DspyPipelineError(
          'llm_invalid_reply',
          'The baseline LLM reply was not the expected JSON object {"answer", "citations"}.',
          { fix: 'Check that CITED_LLM_MODEL follows instructions (JSON replies).' },
        );
      }
      const answer = reply.answer.trim();
      const check = checkCitations(answer, reply.citations, passages);
      if (check.abstaining) {
        pushEvent(progress, options.sinks, { ...event, verdict: 'abstained' });
        return abstainedResult(progress, ['the model found no answer in the passages']);
      }
      if (check.validIds.length === 0) {
        pushEvent(progress, options.sinks, { ...event, verdict: 'unsupported' });
        return abstainedResult(progress, check.problems);
      }
      const cited = passages.filter((p) => check.validIds.includes(p.id));
      const lexical = checkLexicalSupport(answer, cited, options.lexical);
      const verdict =
        lexical.verdict === 'supported' && check.unknownIds.length > 0
          ? 'partially_supported'
          : lexical.verdict;
      pushEvent(progress, options.sinks, { ...event, verdict });
      const verifyEvent: TraceEvent = {
        module: 'lexical-verifier',
        latencyMs: 0,
        passageIds: check.validIds,
        verdict,
      };
      pushEvent(progress, options.sinks, verifyEvent);
      if (verdict === 'unsupported' || verdict === 'abstained') {
        return abstainedResult(progress, [...check.problems, ...lexical.unsupportedClaims]);
      }
      return {
        answer,
        abstained: false,
        citations: toCitations(check.validIds, passages),
        verification: {
          verdict,
          unsupportedClaims: [...check.problems, ...lexical.unsupportedClaims],
        },
        timings: timings(progress),
        trace: progress.trace,
      };
    },
  };
}

function pushEvent(
  progress: AnswerProgress,
  sinks: TraceSinks | undefined,
  event: TraceEvent,
): void {
  progress.trace.push(event);
  emitSafely(sinks?.trace, event);
}
