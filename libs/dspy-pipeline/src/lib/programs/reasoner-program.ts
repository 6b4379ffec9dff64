import { defaultModuleSpec, type ModuleSpec } from './module-spec';

/**
 * Reasoner: answers from the passages and cites them. `reasoning?!` is internal (chain of
 * thought, dropped from the result) and optional because Ax 24 leaves internal fields out of
 * the rendered field list (the instruction asks for it instead); citations are optional so
 * that an abstention can cite nothing.
 */
export const REASONER_SIGNATURE =
  'question:string "A question about the documents", passages:string "Source passages, each led by its [id]" -> reasoning?!:string "Brief step-by-step reasoning over the passages", answer:string "The answer, using only facts from the passages, or exactly: Not found in the sources.", citations?:string[] "Ids of the passages that support the answer, e.g. doc#0"';

/** The hand-written starting instruction that optimizers improve. */
export const REASONER_INSTRUCTION = [
  'Answer the question using only the given passages.',
  'First write a short reasoning line (field `reasoning`), then the answer, then the ids of the passages that support it.',
  'Cite only ids that appear in brackets in the passages.',
  'If the passages do not contain the answer, answer exactly "Not found in the sources." and cite nothing.',
].join(' ');

/** The program id of the reasoner inside Ax (demos are keyed by it). */
export const REASONER_ID = 'cited.reasoner';

/** The reasoner's default state. */
export function defaultReasonerSpec(): ModuleSpec {
  return defaultModuleSpec(REASONER_SIGNATURE, REASONER_INSTRUCTION);
}
