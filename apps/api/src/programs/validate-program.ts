import type { QaPipeline } from '@cited/dspy-pipeline';
import type { QaEngine, ValidationCheck } from '../pipelines/qa-engine';
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
 * Validates a program the way eval-runner does before registering it (the library's
 * `validateProgramArtifact`, through the engine), then builds its pipeline. Pure apart from
 * the engine calls: the caller records refusals and counts loads, so a refusal is never
 * half-reported.
 */
export async function validateProgram(
  engine: QaEngine,
  json: string,
  origin: ProgramOrigin,
  dryRunTimeoutMs: number,
): Promise<ProgramValidation> {
  const refused = (reason: string, checks: ValidationCheck[]): ProgramValidation => ({
    refused: { ...origin, at: new Date().toISOString(), reason, checks },
  });
  const v = await engine.validateProgram(json, origin.location, dryRunTimeoutMs);
  if (!v.ok) return refused(v.reason, v.checks);
  let pipeline: QaPipeline;
  try {
    pipeline = engine.createPipeline(v.program.pipeline, v.program);
  } catch (error) {
    return refused(message(error), [
      ...v.checks,
      { name: 'compatibility', ok: false, ms: 0, message: message(error) },
    ]);
  }
  return {
    serving: {
      program: v.program,
      pipeline,
      source: origin.source,
      version: origin.version,
      location: origin.location,
      loadedAt: v.validatedAt,
      validation: { ok: true, checks: v.checks, validatedAt: v.validatedAt },
    },
  };
}
