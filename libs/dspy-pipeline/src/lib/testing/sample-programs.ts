import { buildProgram } from '../artifact/build-program';
import { DEFAULT_RETRIEVER } from '../artifact/default-program';
import { serializeProgram } from '../artifact/program-store';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { defaultVerifierSpec } from '../programs/verifier-program';

/**
 * The JSON of a valid program with no LLM configured: `extractive` (seed 0), or `dspy` with the
 * default reasoner and verifier (seed 1). Distinct names give distinct ids.
 */
export function sampleProgramJson(pipeline: 'extractive' | 'dspy', name: string): string {
  return serializeProgram(
    pipeline === 'extractive'
      ? buildProgram({ name, pipeline, llm: null, retriever: DEFAULT_RETRIEVER, seed: 0 })
      : buildProgram({
          name,
          pipeline,
          modules: { reasoner: defaultReasonerSpec(), verifier: defaultVerifierSpec() },
          llm: null,
          retriever: DEFAULT_RETRIEVER,
          seed: 1,
        }),
  );
}

/** `json` parsed, changed by `edit` and written again: a program made wrong on purpose. */
export function editedProgramJson(
  json: string,
  edit: (p: Record<string, unknown>) => void,
): string {
  const p = JSON.parse(json) as Record<string, unknown>;
  edit(p);
  return JSON.stringify(p);
}
