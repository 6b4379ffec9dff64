import type { QaPipeline } from '@cited/dspy-pipeline';
import type { ParsedProgram, QaEngine, ValidationCheck } from '../pipelines/qa-engine';
import type { ProgramSource, RefusedProgram, ServingProgram } from './serving-program';

/** Where the program text came from, as reported in a serving or refused program. */
export interface ProgramOrigin {
  source: ProgramSource;
  location: string;
  version: string | null;
}

/** Outcome of {@link validateProgram}: a ready program, or why it was refused. */
export type ProgramValidation = { serving: ServingProgram } | { refused: RefusedProgram };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parses, checks compatibility of and dry-runs a program. Pure apart from the engine calls: the
 * caller records refusals and counts loads, so a refusal is never half-reported.
 */
export async function validateProgram(
  engine: QaEngine,
  json: string,
  origin: ProgramOrigin,
  dryRunTimeoutMs: number,
): Promise<ProgramValidation> {
  const checks: ValidationCheck[] = [];
  const refused = (reason: string): ProgramValidation => ({
    refused: { ...origin, at: new Date().toISOString(), reason, checks },
  });
  const t0 = performance.now();
  let program: ParsedProgram;
  try {
    program = engine.parseProgram(json, origin.location);
    checks.push({ name: 'schema', ok: true, ms: performance.now() - t0 });
  } catch (error) {
    checks.push({ name: 'schema', ok: false, ms: performance.now() - t0, message: message(error) });
    return refused(message(error));
  }
  const t1 = performance.now();
  if (program.pipeline !== 'extractive' && !engine.llmConfigured) {
    const reason = `program ${program.id} runs the ${program.pipeline} pipeline, which needs an LLM; none is configured (CITED_LLM_PROVIDER).`;
    checks.push({ name: 'compatibility', ok: false, ms: performance.now() - t1, message: reason });
    return refused(reason);
  }
  let pipeline: QaPipeline;
  try {
    pipeline = engine.createPipeline(program.pipeline, program);
    checks.push({ name: 'compatibility', ok: true, ms: performance.now() - t1 });
  } catch (error) {
    checks.push({
      name: 'compatibility',
      ok: false,
      ms: performance.now() - t1,
      message: message(error),
    });
    return refused(message(error));
  }
  let dry: ValidationCheck[];
  try {
    dry = await engine.dryRun(program, dryRunTimeoutMs);
  } catch (error) {
    dry = [{ name: 'dry_run_render', ok: false, ms: 0, message: message(error) }];
  }
  checks.push(...dry);
  const failed = dry.find((c) => !c.ok);
  if (failed !== undefined) {
    return refused(`dry run failed (${failed.name}): ${failed.message ?? 'no detail'}`);
  }
  const validatedAt = new Date().toISOString();
  return {
    serving: {
      program,
      pipeline,
      source: origin.source,
      version: origin.version,
      location: origin.location,
      loadedAt: validatedAt,
      validation: { ok: true, checks, validatedAt },
    },
  };
}
