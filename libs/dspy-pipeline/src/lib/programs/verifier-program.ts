import { defaultModuleSpec, type ModuleSpec } from './module-spec';

/** Verifier: judges whether the passages support an answer, claim by claim. */
export const VERIFIER_SIGNATURE =
  'question:string "The question", answer:string "An answer to check", passages:string "Source passages, each led by its [id]" -> verdict:class "supported, partially_supported, unsupported" "Whether the passages support every claim of the answer", unsupportedClaims?:string[] "Claims of the answer that no passage supports"';

/** The hand-written starting instruction. */
export const VERIFIER_INSTRUCTION = [
  'Check the answer against the passages only, not against your own knowledge.',
  'Verdict supported: every claim is stated in a passage; partially_supported: some claims are; unsupported: none are or the answer contradicts the passages.',
  'List the claims no passage supports.',
].join(' ');

/** The program id of the verifier inside Ax. */
export const VERIFIER_ID = 'cited.verifier';

/** The verifier's default state. */
export function defaultVerifierSpec(): ModuleSpec {
  return defaultModuleSpec(VERIFIER_SIGNATURE, VERIFIER_INSTRUCTION);
}
