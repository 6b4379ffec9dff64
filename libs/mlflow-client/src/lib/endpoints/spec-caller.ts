import type { z } from 'zod';
import type { HttpTransport } from '../http/http-transport';
import type { EndpointSpec } from './endpoint-spec';

/**
 * Sends one endpoint spec; what every API group is built on. `MlflowClient` implements it;
 * the API groups depend on this contract, not on the client, so the client can build them.
 */
export interface SpecCaller {
  /** Validates `input`, sends it to the endpoint and validates the answer. */
  call<Req extends z.ZodType, Res extends z.ZodType>(
    spec: EndpointSpec<Req, Res>,
    input: z.input<Req>,
  ): Promise<z.output<Res>>;
  /** The transport requests go through (artifact streams use it directly). */
  readonly transport: HttpTransport;
}
