/** Nest injection token of the instance's {@link ApiTracing} (a no-op when tracing is off). */
export const API_TRACING = Symbol('API_TRACING');
