import { BASELINE_SYSTEM_PROMPT, hashPrompt, type QaProgram } from '@cited/dspy-pipeline';
import type { ArtifactScrubber } from '../shared/artifact-scrubber';
import { readGitInfo, type GitInfo } from '../tracking/git-info';
import { packageVersions } from './package-versions';
import type { PipelineSetup } from './pipeline-setup';

/** The prompts a program runs with, and their hashes (logged as params). */
export interface PromptSet {
  /** `prompts.json` content (demos scrubbed). */
  document: Record<string, unknown>;
  hashes: Record<string, string>;
}

/** Collects the full prompts of a program (baseline system prompt, module instructions and demos). */
export function collectPrompts(program: QaProgram, scrubber: ArtifactScrubber): PromptSet {
  const document: Record<string, unknown> = {};
  const hashes: Record<string, string> = {};
  if (program.pipeline === 'baseline') {
    document['baseline'] = { system: BASELINE_SYSTEM_PROMPT };
    hashes['prompt.baseline_system_hash'] = hashPrompt(BASELINE_SYSTEM_PROMPT);
  }
  for (const name of ['reasoner', 'verifier'] as const) {
    const mod = program.modules[name];
    if (!mod) continue;
    document[name] = {
      signature: mod.signature,
      signatureHash: mod.signatureHash,
      instruction: mod.instruction,
      demos: scrubber.json(mod.demos),
    };
    hashes[`prompt.${name}_instruction_hash`] = hashPrompt(mod.instruction);
    hashes[`prompt.${name}_signature_hash`] = mod.signatureHash.slice(0, 64);
    hashes[`prompt.${name}_demos`] = String(mod.demos.length);
  }
  return { document, hashes };
}

/** Everything a run logs as params about what ran (`setup`) and where. */
export function runParams(
  setup: PipelineSetup,
  options: {
    prompts: PromptSet;
    concurrency: number;
    extra?: Record<string, string | number | boolean>;
    git?: GitInfo;
  },
): Record<string, string> {
  const { resolved, llm, retriever } = setup;
  const git = options.git ?? readGitInfo();
  const p = resolved.program;
  const params: Record<string, string> = {
    pipeline: setup.pipeline,
    'program.id': p.id,
    'program.name': p.name,
    'program.version': resolved.modelVersion?.version ?? 'unregistered',
    'program.schema_version': String(p.schemaVersion),
    'program.source': resolved.source.slice(0, 500),
    'llm.provider': llm?.provider ?? 'none',
    'llm.model': llm?.model ?? 'none',
    'llm.temperature': llm ? String(llm.temperature) : 'none',
    'llm.seed': llm?.seed !== undefined ? String(llm.seed) : 'none',
    'retriever.kind': retriever.config.kind,
    'retriever.k': String(retriever.config.k),
    'retriever.chunk_size': String(retriever.config.chunkSize),
    'retriever.chunk_overlap': String(retriever.config.chunkOverlap),
    'retriever.index_version': retriever.config.indexVersion,
    'retriever.embed_model': retriever.embedModel ?? 'none',
    concurrency: String(options.concurrency),
    'git.commit': git.commit ?? 'unknown',
    'git.dirty': git.dirty === null ? 'unknown' : String(git.dirty),
    ...options.prompts.hashes,
    ...packageVersions(),
  };
  for (const [k, v] of Object.entries(options.extra ?? {})) params[k] = String(v);
  return params;
}
