import { goldAnswersOf, goldSourceIdsOf } from '@cited/dspy-pipeline';
import type { ArtifactScrubber } from '../shared/artifact-scrubber';
import { exampleScore, type ExampleOutcome } from './evaluate-dataset';
import { aggregateColumns, formatMetricsMarkdown, type EvalAggregate } from './metrics-report';

/** One line of `predictions.jsonl`, scrubbed. */
function predictionRecord(o: ExampleOutcome): Record<string, unknown> {
  const r = o.example?.result;
  return {
    id: o.row.id,
    split: o.row.split,
    question: o.row.question,
    gold_answers: goldAnswersOf(o.row),
    gold_source_ids: goldSourceIdsOf(o.row),
    answer: r?.answer ?? null,
    abstained: r?.abstained ?? null,
    citations: r?.citations.map((c) => c.id) ?? [],
    verdict: r?.verification.verdict ?? null,
    token_f1: o.example ? exampleScore(o.example) : null,
    latency_ms: r ? Math.round(r.timings.totalMs * 10) / 10 : null,
    error: o.error ?? null,
  };
}

/** One line of `errors.jsonl`: a misclassified or failed example with its full trace. */
function errorRecord(o: ExampleOutcome): Record<string, unknown> {
  const r = o.example?.result;
  return {
    ...predictionRecord(o),
    unsupported_claims: r?.verification.unsupportedClaims ?? [],
    retrieved_passage_ids: r?.trace.find((t) => t.module === 'retriever')?.passageIds ?? [],
    retrieved_document_ids_at_10: o.example?.retrievedDocumentIds ?? [],
    trace: r?.trace ?? [],
    prompts: o.raw
      .filter((x) => x.kind === 'prompt')
      .map((x) => ({ module: x.module, prompt_hash: x.promptHash, content: x.content })),
    raw_outputs: o.raw
      .filter((x) => x.kind === 'output')
      .map((x) => ({ module: x.module, prompt_hash: x.promptHash, content: x.content })),
  };
}

/**
 * Collects `predictions.jsonl` and `errors.jsonl` as examples finish: each line is scrubbed
 * (strict) right away, so the scrubbing overlaps with the examples still waiting on the LLM.
 */
export class OutcomeArtifacts {
  private readonly predictions: (string | undefined)[] = [];
  private readonly errors: (string | undefined)[] = [];

  constructor(private readonly scrubber: ArtifactScrubber) {}

  /** Adds one finished example. */
  add(o: ExampleOutcome): void {
    this.predictions[o.index] = JSON.stringify(this.scrubber.record(predictionRecord(o)));
    if (o.misclassified)
      this.errors[o.index] = JSON.stringify(this.scrubber.record(errorRecord(o)));
  }

  /** The two files, in dataset order. */
  files(): { predictions: string; errors: string; errorCount: number } {
    const jsonl = (lines: (string | undefined)[]) => {
      const kept = lines.filter((l): l is string => l !== undefined);
      return kept.length ? `${kept.join('\n')}\n` : '';
    };
    return {
      predictions: jsonl(this.predictions),
      errors: jsonl(this.errors),
      errorCount: this.errors.filter((l) => l !== undefined).length,
    };
  }
}

/** `summary.md`: what ran, on which data, with the metrics table. */
export function buildSummary(options: {
  title: string;
  runId: string | undefined;
  pipeline: string;
  program: { name: string; id: string; version: string | null };
  dataset: { name: string; digest: string };
  aggregate: EvalAggregate;
  misclassified: number;
  status: string;
  scrubCounts: Record<string, number>;
}): string {
  const a = options.aggregate;
  const scrub = Object.entries(options.scrubCounts);
  return [
    `# ${options.title}`,
    '',
    `- run: ${options.runId ?? '(spooled)'}`,
    `- status: ${options.status}`,
    `- pipeline: ${options.pipeline}`,
    `- program: ${options.program.name} (id ${options.program.id}${options.program.version ? `, version ${options.program.version}` : ''})`,
    `- dataset: ${options.dataset.name} (digest ${options.dataset.digest})`,
    `- examples: ${a.counts.examples}, errors: ${a.counts.errors}, abstained: ${a.counts.abstained}, in the error bundle: ${options.misclassified}`,
    '',
    '## Metrics',
    '',
    formatMetricsMarkdown(aggregateColumns(a)),
    '',
    '## Scrubbing',
    '',
    scrub.length === 0
      ? 'pii-scrub (strict) found nothing to redact in the uploaded artifacts.'
      : `pii-scrub (strict) redacted: ${scrub.map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
  ].join('\n');
}
