import type { QaPipeline } from '@cited/dspy-pipeline';
import type { ParsedProgram, ValidationCheck } from '../pipelines/qa-engine';

/** Where a serving program came from. */
export type ProgramSource = 'file' | 'registry' | 'cache' | 'default';

/** Result of validating a program on load. */
export interface ValidationReport {
  ok: boolean;
  checks: ValidationCheck[];
  validatedAt: string;
}

/** A program that passed validation, with its ready pipeline. */
export interface ServingProgram {
  program: ParsedProgram;
  pipeline: QaPipeline;
  source: ProgramSource;
  /** Registry model version, when it came from the registry (or its disk cache). */
  version: string | null;
  location: string;
  loadedAt: string;
  validation: ValidationReport;
}

/** A program that failed validation and was not served. */
export interface RefusedProgram {
  source: ProgramSource;
  location: string;
  version: string | null;
  at: string;
  reason: string;
  checks: ValidationCheck[];
}
