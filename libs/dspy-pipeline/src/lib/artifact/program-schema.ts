import { z } from 'zod';
import { pipelineKindSchema } from '../model/answer-result';
import { moduleSpecSchema } from '../programs/module-spec';

/** The `format` value of every program artifact. */
export const PROGRAM_FORMAT = 'cited.qa-program';

/** The schema version this code writes. Older versions are migrated on load; newer refused. */
export const PROGRAM_SCHEMA_VERSION = 1;

/** The Ax version the programs are written against (checked against the installed one by a test). */
export const AX_VERSION = '24.0.21';

/** LLM settings recorded in a program: never a key, a base URL or any other credential. */
export const programLlmSchema = z
  .object({
    provider: z.string().min(1).max(64),
    model: z.string().min(1).max(200),
    servedModel: z.string().max(200).nullable(),
    temperature: z.number().min(0).max(2),
    seed: z.number().int().nullable(),
  })
  .strict();

/** Retriever settings the program was evaluated with. */
export const programRetrieverSchema = z
  .object({
    kind: z.string().min(1).max(64),
    k: z.number().int().min(1).max(100),
    chunkSize: z.number().int().positive(),
    chunkOverlap: z.number().int().min(0),
    indexVersion: z.string().min(1).max(200),
  })
  .strict();

/**
 * Settings of the extractive pipeline. Optional, and every field in it: programs written before
 * it existed load unchanged (same id), and a missing field takes the pipeline's default.
 */
export const programExtractiveSchema = z
  .object({
    /** Abstention threshold on the best sentence's support (0–1); see `ExtractivePipelineOptions`. */
    minRelevance: z.number().min(0).max(1).optional(),
    /** Answer with the short phrase that fits the question's type (default true). */
    shortAnswers: z.boolean().optional(),
  })
  .strict();

/** Extractive settings of a program. */
export type ProgramExtractive = z.infer<typeof programExtractiveSchema>;

/**
 * `program.json`: everything needed to rebuild a pipeline, as data (never code). `strict`
 * objects reject unknown keys, so no credential field can slip in.
 */
export const qaProgramSchema = z
  .object({
    format: z.literal(PROGRAM_FORMAT),
    schemaVersion: z.literal(PROGRAM_SCHEMA_VERSION),
    /** First 12 hex of the sha256 of the canonical JSON without `createdAt` and `metrics`. */
    id: z.string().regex(/^[0-9a-f]{12}$/, 'must be 12 lowercase hex characters'),
    name: z.string().min(1).max(200),
    pipeline: pipelineKindSchema,
    createdAt: z.iso.datetime(),
    axVersion: z.string().min(1).max(40),
    modules: z
      .object({
        reasoner: moduleSpecSchema.strict().optional(),
        verifier: moduleSpecSchema.strict().optional(),
      })
      .strict(),
    llm: programLlmSchema.nullable(),
    retriever: programRetrieverSchema,
    extractive: programExtractiveSchema.optional(),
    /** The dataset manifest's digest the program was optimized/evaluated on; null if none. */
    datasetDigest: z.string().min(1).max(200).nullable(),
    metrics: z.record(z.string().max(250), z.number()),
    seed: z.number().int(),
  })
  .strict();

/** A validated program artifact. */
export type QaProgram = z.infer<typeof qaProgramSchema>;

/** LLM part of a program. */
export type ProgramLlm = z.infer<typeof programLlmSchema>;

/** Retriever part of a program. */
export type ProgramRetriever = z.infer<typeof programRetrieverSchema>;
