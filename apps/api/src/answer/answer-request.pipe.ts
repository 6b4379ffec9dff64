import { Inject, Injectable, type ArgumentMetadata } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { answerRequestSchema } from './answer.schemas';

/**
 * Validates the `POST /v1/answer` body against the request schema with the configured limits
 * (`CITED_MAX_QUESTION_CHARS`, `CITED_MAX_TOP_K`); the DTO only carries the defaults, for the
 * OpenAPI document. A missing body is validated as `{}`, so the problem names `question`.
 * Failures are `ZodValidationException`s, which the problem filter turns into a 400 naming
 * the first field at fault.
 */
@Injectable()
export class AnswerRequestPipe extends ZodValidationPipe {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super(answerRequestSchema(config.server));
  }

  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return super.transform(value ?? {}, metadata);
  }
}
