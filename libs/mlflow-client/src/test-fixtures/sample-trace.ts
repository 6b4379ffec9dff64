import { newSpanId, newTraceId } from '../lib/tracing/trace-ids';
import type { TraceRecordInput } from '../lib/tracing/trace-record';

/** A retrieve → reason → verify trace like the pipelines write, with two assessments. */
export function sampleTrace(
  question: string,
  options: { start?: number; assessments?: boolean; error?: boolean } = {},
): TraceRecordInput {
  const t0 = options.start ?? Date.now();
  const root = newSpanId();
  return {
    traceId: newTraceId(),
    tags: { 'cited.pipeline': 'dspy', 'cited.tenant': 'acme' },
    spans: [
      {
        spanId: root,
        name: 'answer',
        spanType: 'CHAIN',
        startTimeMs: t0,
        endTimeMs: t0 + 30,
        status: options.error ? 'ERROR' : 'OK',
        ...(options.error ? { statusMessage: 'llm_timeout' } : {}),
        inputs: { question },
        outputs: { answer: 'Two months of rent.' },
      },
      {
        spanId: newSpanId(),
        parentSpanId: root,
        name: 'retrieve',
        spanType: 'RETRIEVER',
        startTimeMs: t0,
        endTimeMs: t0 + 5,
        inputs: { query: question },
        outputs: [
          { page_content: 'The deposit is two months of rent.', metadata: { doc_uri: 'lease' }, id: 'lease#0' },
        ],
      },
      {
        spanId: newSpanId(),
        parentSpanId: root,
        name: 'reason',
        spanType: 'CHAT_MODEL',
        startTimeMs: t0 + 5,
        endTimeMs: t0 + 25,
        inputs: { messages: [{ role: 'user', content: question }] },
        outputs: { choices: [{ index: 0, message: { role: 'assistant', content: 'Answer: Two months.' } }] },
        tokenUsage: { inputTokens: 40, outputTokens: 6, totalTokens: 46 },
        model: 'stub-model',
      },
      {
        spanId: newSpanId(),
        parentSpanId: root,
        name: 'verify',
        spanType: 'TOOL',
        startTimeMs: t0 + 25,
        endTimeMs: t0 + 30,
        outputs: { verdict: 'supported' },
        attributes: { 'cited.verdict': 'supported' },
      },
    ],
    assessments: options.assessments
      ? [
          { kind: 'feedback', name: 'token_f1', value: 0.8, source: { type: 'CODE', id: 'cited.eval' } },
          {
            kind: 'expectation',
            name: 'expected_response',
            value: 'Two months of rent.',
            source: { type: 'HUMAN', id: 'dataset' },
          },
          {
            kind: 'expectation',
            name: 'expected_sources',
            value: ['lease'],
            source: { type: 'HUMAN', id: 'dataset' },
          },
        ]
      : [],
  };
}
