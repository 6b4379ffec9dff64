import { Injectable, type ArgumentMetadata } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { feedbackRequestSchema } from './feedback.schemas';

/**
 * Validates the `POST /v1/feedback` body; a missing body is validated as `{}`, so the problem
 * names `traceId`. Failures become a 400 naming the first field at fault.
 */
@Injectable()
export class FeedbackRequestPipe extends ZodValidationPipe {
  constructor() {
    super(feedbackRequestSchema);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return super.transform(value ?? {}, metadata);
  }
}
