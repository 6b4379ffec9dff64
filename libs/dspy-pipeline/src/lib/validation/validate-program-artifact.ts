import { scrubText } from '@cited/pii-scrub';
import { answerResultSchema } from '../model/answer-result';
import type { LlmService } from '../llm/llm-service';
import type { Retriever } from '../retrieval/passage';
import { DRY_RUN_QUESTION, dryRunProgram, type DryRunReport } from '../artifact/dry-run';
import { programNameProblem, unscrubbedTextProblem } from '../artifact/program-checks';
import type { ProgramValidatedTag } from '../artifact/program-registry-tags';
import type { QaProgram } from '../artifact/program-schema';
import { MAX_PROGRAM_BYTES, parseProgram } from '../artifact/program-store';
import { ExtractivePipeline, extractiveOptionsOf } from '../pipeline/extractive-pipeline';
import type { ProgramCheck, ProgramCheckName } from './program-check';
import { sampleRetriever } from './sample-retriever';

/** Options of {@link validateProgramArtifact}. */
export interface ValidateProgramOptions {
  /** Where the text came from (a path, `models:/…`, `runs:/…`), named in messages. */
  source: string;
  /** The LLM the program would run with; null when none is configured. */
  llm: LlmService | null;
  /**
   * true (a server about to serve it): a pipeline that needs an LLM is refused without one.
   * false (a registry about to record it): it passes with `dryRun: 'none'` instead.
   */
  requireLlm: boolean;
  /** Bound of each dry run, ms. Default 15 000. */
  timeoutMs?: number;
  /** Largest artifact, bytes. Default {@link MAX_PROGRAM_BYTES}. */
  maxBytes?: number;
  /** What extractive programs are dry-run on. Default: the bundled sample corpus. */
  sample?: () => Promise<Retriever>;
}

/** The outcome of {@link validateProgramArtifact}. */
export type ProgramValidation =
  | {
      ok: true;
      program: QaProgram;
      checks: ProgramCheck[];
      /** How it ran: on the bundled sample, through the LLM, or not at all (no LLM configured). */
      dryRun: 'sample' | 'llm' | 'none';
      validatedAt: string;
    }
  | {
      ok: false;
      /** The first check that failed. */
      failed: ProgramCheckName;
      /** Why, in the checks' own words (scrubbed; never the artifact's content). */
      reason: string;
      checks: ProgramCheck[];
    };

/** The `cited.validated` tag value of a passed validation. */
export function validatedTagOf(v: Extract<ProgramValidation, { ok: true }>): ProgramValidatedTag {
  return v.dryRun === 'none' ? 'no-dry-run' : 'true';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the steps in order, stopping at the first failure. */
class CheckRun {
  readonly checks: ProgramCheck[] = [];
  failure: { name: ProgramCheckName; reason: string } | undefined;

  /** Runs one step: `fn` returns an ok message, or throws / returns `{ problem }`. */
  async step(
    name: ProgramCheckName,
    fn: () => Promise<string | undefined | { problem: string }>,
  ): Promise<boolean> {
    if (this.failure) return false;
    const t0 = performance.now();
    let out: string | undefined | { problem: string };
    try {
      out = await fn();
    } catch (error) {
      out = { problem: messageOf(error) };
    }
    const ms = performance.now() - t0;
    if (typeof out === 'object') {
      // Messages are built from the checks' own words; scrubbed all the same, since some
      // (an LLM error) pass through code that is not ours.
      const problem = name.startsWith('dry_run')
        ? `dry run failed (${name}): ${out.problem}`
        : out.problem;
      const reason = scrubText(problem).text;
      this.checks.push({ name, ok: false, ms, message: reason });
      this.failure = { name, reason };
      return false;
    }
    this.checks.push({ name, ok: true, ms, ...(out === undefined ? {} : { message: out }) });
    return true;
  }
}

function failedModule(report: DryRunReport): string | undefined {
  const failed = report.modules.find((m) => m.error !== undefined);
  return failed === undefined ? undefined : `${failed.module}: ${failed.error ?? 'failed'}`;
}

/**
 * Validates a program artifact the one way both apps do (the API before serving it,
 * eval-runner before registering or promoting it): size, schema (format, version, fields,
 * signatures, id), a safe name, no unscrubbed text, an LLM for the pipelines that need one,
 * then dry runs — prompt rendering; an extractive program answers the canned question on the
 * bundled sample; an LLM program's modules answer through `llm` when one is given.
 */
export async function validateProgramArtifact(
  text: string,
  options: ValidateProgramOptions,
): Promise<ProgramValidation> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? MAX_PROGRAM_BYTES;
  const run = new CheckRun();
  // Filled in by the steps (closures), read after them.
  const found: { program?: QaProgram; dryRun: 'sample' | 'llm' | 'none' } = { dryRun: 'none' };
  await run.step('size', async () => {
    const bytes = Buffer.byteLength(text, 'utf8');
    return bytes > maxBytes
      ? { problem: `program is ${bytes} bytes, over the ${maxBytes}-byte limit.` }
      : `${bytes} bytes`;
  });
  await run.step('schema', async () => {
    const parsed = parseProgram(text, options.source, { maxBytes });
    found.program = parsed;
    return `program ${parsed.id} (${parsed.pipeline})`;
  });
  await run.step('name', async () => {
    const problem = programNameProblem(found.program?.name ?? '');
    return problem === null ? undefined : { problem };
  });
  await run.step('scrub', async () => {
    const problem = found.program === undefined ? null : unscrubbedTextProblem(found.program);
    return problem === null ? undefined : { problem };
  });
  const program = found.program;
  const needsLlm = program !== undefined && program.pipeline !== 'extractive';
  await run.step('compatibility', async () => {
    if (!needsLlm || options.llm !== null) return undefined;
    const why = `program ${program?.id} runs the ${program?.pipeline} pipeline, which needs an LLM; none is configured (CITED_LLM_PROVIDER).`;
    return options.requireLlm ? { problem: why } : `${why} Its dry run is skipped.`;
  });
  await run.step('dry_run_render', async () => {
    if (program === undefined) return undefined;
    const rendered = await withTimeout(dryRunProgram(program), timeoutMs, 'prompt rendering');
    const empty = rendered.modules.filter((m) => m.messages.length === 0).map((m) => m.module);
    return empty.length > 0
      ? { problem: `no prompt rendered for ${empty.join(', ')}` }
      : `${rendered.modules.length} prompt(s) rendered`;
  });
  if (program !== undefined && !needsLlm) {
    const p = program;
    await run.step('dry_run_sample', async () => {
      const retriever = await (options.sample ?? sampleRetriever)();
      const pipeline = new ExtractivePipeline({ retriever, ...extractiveOptionsOf(p) });
      const result = await withTimeout(
        pipeline.answer(DRY_RUN_QUESTION, { tenantId: 'default', topK: p.retriever.k }),
        timeoutMs,
        'sample dry run',
      );
      answerResultSchema.parse(result);
      found.dryRun = 'sample';
      return `answered on the bundled sample (${result.citations.length} citation(s))`;
    });
  } else if (program !== undefined && options.llm !== null) {
    const p = program;
    const llm = options.llm;
    await run.step('dry_run_llm', async () => {
      const called = await withTimeout(dryRunProgram(p, llm), timeoutMs, 'LLM dry run');
      const failed = failedModule(called);
      if (failed !== undefined) return { problem: failed };
      found.dryRun = 'llm';
      return undefined;
    });
  }
  if (run.failure !== undefined || program === undefined) {
    const failure = run.failure ?? { name: 'schema' as const, reason: 'no program' };
    return { ok: false, failed: failure.name, reason: failure.reason, checks: run.checks };
  }
  return {
    ok: true,
    program,
    checks: run.checks,
    dryRun: found.dryRun,
    validatedAt: new Date().toISOString(),
  };
}
