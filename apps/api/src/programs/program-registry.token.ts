/** Nest injection token of the {@link ProgramRegistry}, or null when there is none. */
export const PROGRAM_REGISTRY = Symbol('PROGRAM_REGISTRY');
