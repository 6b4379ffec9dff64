import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { z } from 'zod';
import type { ApiServerConfig } from '../config/api-config';
import { problemDetailsSchema } from '../errors/problem-details';
import { toOpenApi31 } from './openapi-31';

type SchemaObject = Record<string, unknown>;

function asObject(v: unknown): SchemaObject | undefined {
  return v !== null && typeof v === 'object' ? (v as SchemaObject) : undefined;
}

/**
 * Builds the OpenAPI 3.1.0 document: every route, status code and body, limits as configured.
 */
export function buildOpenApiDocument(
  app: NestFastifyApplication,
  server: ApiServerConfig,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Cited API')
    .setDescription(
      'Answers questions with sources. Errors are `application/problem+json` (RFC 9457) with a ' +
        'machine-readable `code`. With API keys configured, send `Authorization: Bearer <key>` or `X-API-Key`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'apiKey')
    .build();
  const doc = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  const schemas = (doc.components ??= {}).schemas ?? (doc.components.schemas = {});
  const generated = z.toJSONSchema(problemDetailsSchema, {
    target: 'draft-2020-12',
  }) as SchemaObject;
  // `.meta({ id })` makes zod emit `{ $ref: '#/$defs/ProblemDetails', $defs }`, a reference
  // that does not resolve inside components: publish the definition itself.
  const problem = asObject(asObject(generated['$defs'])?.['ProblemDetails']) ?? generated;
  delete problem['$schema'];
  delete problem['id'];
  schemas['ProblemDetails'] = problem;
  // The request DTO is declared with the default limits; publish the configured ones.
  const props = asObject(asObject(schemas['AnswerRequestDto'])?.['properties']);
  const question = asObject(props?.['question']);
  const topK = asObject(props?.['topK']);
  if (question !== undefined) question['maxLength'] = server.maxQuestionChars;
  if (topK !== undefined) topK['maximum'] = server.maxTopK;
  if (server.apiKeys.length === 0) {
    doc.info.description += ' This instance runs in local mode: no key is required.';
  }
  return toOpenApi31(doc);
}

/** Serves Swagger UI at `/docs` and the document at `/openapi.json`. */
export function setupOpenApi(app: NestFastifyApplication, server: ApiServerConfig): OpenAPIObject {
  const doc = buildOpenApiDocument(app, server);
  SwaggerModule.setup('docs', app, doc, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    raw: ['json', 'yaml'],
  });
  return doc;
}
