/** Nest injection token of the {@link QaEngine} (initialised before anything injects it). */
export const QA_ENGINE = Symbol('QA_ENGINE');
