import type { PipelineKind } from '../model/answer-result';
import type { LlmService } from '../llm/llm-service';
import type { ModuleSpec } from '../programs/module-spec';
import { canonicalJson, sha256Hex } from './canonical-json';
import {
  AX_VERSION,
  PROGRAM_FORMAT,
  PROGRAM_SCHEMA_VERSION,
  qaProgramSchema,
  type ProgramExtractive,
  type ProgramLlm,
  type ProgramRetriever,
  type QaProgram,
} from './program-schema';

/** Input of {@link buildProgram}. */
export interface BuildProgramInput {
  name: string;
  pipeline: PipelineKind;
  modules?: { reasoner?: ModuleSpec; verifier?: ModuleSpec };
  /** The LLM the program runs with, or null (extractive). Only non-secret fields are kept. */
  llm: LlmService | ProgramLlm | null;
  retriever: ProgramRetriever;
  /** Extractive settings; omitted, the pipeline's defaults apply (and the id is unchanged). */
  extractive?: ProgramExtractive;
  datasetDigest?: string | null;
  metrics?: Record<string, number>;
  seed: number;
  /** Default: now. */
  createdAt?: Date;
}

/** Computes a program's id: 12 hex of the sha256 of its canonical JSON without id, createdAt, metrics. */
export function computeProgramId(program: Omit<QaProgram, 'id'> | QaProgram): string {
  const { createdAt: _c, metrics: _m, ...rest } = program as QaProgram;
  const withoutId: Record<string, unknown> = { ...rest };
  delete withoutId['id'];
  return sha256Hex(canonicalJson(withoutId)).slice(0, 12);
}

/** Describes an LLM service by its non-secret settings. */
export function programLlmOf(llm: LlmService | ProgramLlm): ProgramLlm {
  if ('ai' in llm) {
    return {
      provider: llm.provider,
      model: llm.model,
      servedModel: llm.servedModel() ?? null,
      temperature: llm.temperature,
      seed: llm.seed ?? null,
    };
  }
  return { ...llm };
}

/** Assembles and validates a program artifact, computing its id. */
export function buildProgram(input: BuildProgramInput): QaProgram {
  const modules: QaProgram['modules'] = {};
  if (input.modules?.reasoner) modules.reasoner = input.modules.reasoner;
  if (input.modules?.verifier) modules.verifier = input.modules.verifier;
  const draft = {
    format: PROGRAM_FORMAT,
    schemaVersion: PROGRAM_SCHEMA_VERSION,
    id: '000000000000',
    name: input.name,
    pipeline: input.pipeline,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    axVersion: AX_VERSION,
    modules,
    llm: input.llm ? programLlmOf(input.llm) : null,
    retriever: input.retriever,
    ...(input.extractive ? { extractive: input.extractive } : {}),
    datasetDigest: input.datasetDigest ?? null,
    metrics: input.metrics ?? {},
    seed: input.seed,
  } satisfies QaProgram;
  const program = qaProgramSchema.parse(draft);
  return { ...program, id: computeProgramId(program) };
}
