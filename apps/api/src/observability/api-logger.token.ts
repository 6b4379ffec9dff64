/**
 * Nest injection token of the API's pino `Logger` (scrubbed JSON lines, see `createApiLogger`).
 * The logger is made before the container, because Nest logs its own start-up through it.
 */
export const API_LOGGER = Symbol('API_LOGGER');
