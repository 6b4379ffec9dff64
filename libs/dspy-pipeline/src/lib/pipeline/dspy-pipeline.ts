import type { AnswerOptions, AnswerResult, QaPipeline, Verdict } from '../model/answer-result';
import type { Retriever } from '../retrieval/passage';
import type { LlmService } from '../llm/llm-service';
import type { QaProgram } from '../artifact/program-schema';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { formatPassages } from '../programs/passage-format';
import { runModule } from '../programs/module-runner';
import { REASONER_ID, defaultReasonerSpec } from '../programs/reasoner-program';
import { VERIFIER_ID } from '../programs/verifier-program';
import { checkCitations } from '../verify/citation-checks';
import type { TraceSinks } from '../trace/trace-sink';
import { abstainedResult, timings, toCitations } from './pipeline-results';
import { NO_RELEVANT_PASSAGE, retrieveStep } from './retrieve-step';

/** Options of {@link createDspyPipeline}. */
export interface DspyPipelineOptions {
  retriever: Retriever;
  llm: LlmService;
  /** A `dspy` program artifact; its modules give instructions and demos. */
  program: QaProgram;
  /** Trace and raw sinks; events are also returned in `AnswerResult.trace`. */
  sinks?: TraceSinks;
  /** Passages scoring at or below this are not relevant. Default 0. */
  minScore?: number;
}

type ReasonerOut = { answer: string; citations?: string[] };
type VerifierOut = { verdict: Exclude<Verdict, 'abstained'>; unsupportedClaims?: string[] };

/**
 * The `dspy` pipeline: retrieve → reasoner (Ax program) → deterministic citation checks →
 * verifier (Ax program, when the artifact has one). Abstains with "Not found in the
 * sources." when nothing relevant is retrieved, the checks fail, or the verifier says
 * unsupported. Two LLM calls per answered question (one when there is no verifier).
 * @throws DspyPipelineError `invalid_program` for a program of another pipeline.
 */
export function createDspyPipeline(options: DspyPipelineOptions): QaPipeline {
  const { program } = options;
  if (program.pipeline !== 'dspy') {
    throw new DspyPipelineError(
      'invalid_program',
      `program "${program.name}" is a ${program.pipeline} program, not dspy.`,
      {
        where: 'program.pipeline',
        fix: 'Load a program.json produced for the dspy pipeline (eval-runner optimize).',
      },
    );
  }
  const reasoner = program.modules.reasoner ?? defaultReasonerSpec();
  const verifier = program.modules.verifier;

  return {
    kind: 'dspy',
    async answer(question: string, opts: AnswerOptions): Promise<AnswerResult> {
      const { progress, passages } = await retrieveStep(options, question, opts);
      if (passages.length === 0) return abstainedResult(progress, [NO_RELEVANT_PASSAGE]);
      const passageText = formatPassages(passages);
      const ids = passages.map((p) => p.id);

      const r = await runModule<ReasonerOut>({
        module: 'reasoner',
        programId: REASONER_ID,
        spec: reasoner,
        llm: options.llm,
        values: { question: question.trim(), passages: passageText },
        passageIds: ids,
        ...(options.sinks ? { sinks: options.sinks } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      progress.llmMs += r.event.latencyMs;
      progress.trace.push(r.event);
      const answer = String(r.output.answer ?? '').trim();
      const check = checkCitations(answer, r.output.citations ?? [], passages);
      if (check.abstaining)
        return abstainedResult(progress, ['the reasoner found no answer in the passages']);
      if (check.validIds.length === 0) return abstainedResult(progress, check.problems);

      let verdict: Exclude<Verdict, 'abstained'> =
        check.unknownIds.length > 0 ? 'partially_supported' : 'supported';
      let unsupported = [...check.problems];
      if (verifier) {
        const cited = passages.filter((p) => check.validIds.includes(p.id));
        const v = await runModule<VerifierOut>({
          module: 'verifier',
          programId: VERIFIER_ID,
          spec: verifier,
          llm: options.llm,
          values: { question: question.trim(), answer, passages: formatPassages(cited) },
          passageIds: check.validIds,
          verdictOf: (o) => (o as VerifierOut).verdict,
          ...(options.sinks ? { sinks: options.sinks } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        progress.llmMs += v.event.latencyMs;
        progress.trace.push(v.event);
        if (v.output.verdict === 'unsupported') {
          return abstainedResult(progress, [
            ...unsupported,
            ...(v.output.unsupportedClaims ?? []),
            'the verifier found the answer unsupported',
          ]);
        }
        if (v.output.verdict === 'partially_supported') verdict = 'partially_supported';
        unsupported = [...unsupported, ...(v.output.unsupportedClaims ?? [])];
      }
      return {
        answer,
        abstained: false,
        citations: toCitations(check.validIds, passages),
        verification: { verdict, unsupportedClaims: unsupported },
        timings: timings(progress),
        trace: progress.trace,
      };
    },
  };
}
