/**
 * Nest injection token of the OpenFeature {@link Provider} of the flags: the JSON flags file
 * provider unless another one was given to `createApp`.
 */
export const FLAG_PROVIDER = Symbol('FLAG_PROVIDER');
