import { z } from 'zod';

/** Prefix of MLflow's tracking and registry REST endpoints. */
export const MLFLOW_API_PREFIX = '/api/2.0/mlflow';

/** Prefix of MLflow 3's trace and assessment REST endpoints. */
export const MLFLOW_API_V3_PREFIX = '/api/3.0/mlflow';

/** A response (or request) with no fields we read. */
export const emptySchema = z.object({}).loose();

/** Paging fields shared by every search request. */
export const pageFields = {
  maxResults: z.number().int().positive().optional(),
  pageToken: z.string().optional(),
};

/**
 * One MLflow REST endpoint as data: the client is a thin loop over these. `path` may hold
 * `{field}` placeholders filled from the request. GET sends the request
 * as a query string, every other method as a JSON body.
 */
export interface EndpointSpec<Req extends z.ZodType, Res extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  request: Req;
  response: Res;
  /**
   * Fields whose values are maps keyed by user names (trace tags and metadata, assessment
   * values): sent and read as they are, their keys never renamed.
   */
  verbatim?: ReadonlySet<string>;
}

/** Declares an endpoint spec with its types inferred. */
export function endpoint<Req extends z.ZodType, Res extends z.ZodType>(
  spec: EndpointSpec<Req, Res>,
): EndpointSpec<Req, Res> {
  return spec;
}
