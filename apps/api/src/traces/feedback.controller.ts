import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DEFAULT_TENANT } from '@cited/dspy-pipeline';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { requestState } from '../request/request-state';
import { FeedbackRequestPipe } from './feedback-request.pipe';
import {
  FeedbackRequestDto,
  FeedbackResponseDto,
  type FeedbackRequest,
  type FeedbackResponse,
} from './feedback.schemas';
import { FeedbackService } from './feedback.service';

/**
 * `POST /v1/feedback`: rate an answer by its `X-Trace-Id`. Same access rules as
 * `POST /v1/answer` (API key → tenant, rate limit).
 */
@ApiTags('answer')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('feedback')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rate an answer',
    description:
      'Logs a rating (up or down) and an optional comment on the MLflow trace of an answer, as a ' +
      'human assessment. `traceId` is the `X-Trace-Id` header of the answer; only the tenant ' +
      'that asked may rate it (404 otherwise). The comment is scrubbed of personal data.',
  })
  @ApiBody({ type: FeedbackRequestDto })
  @ApiAcceptedResponse({ type: FeedbackResponseDto, description: 'The rating was logged' })
  @ApiProblems(400, 401, 403, 404, 413, 415, 429, 500, 503)
  submit(
    @Body(FeedbackRequestPipe) body: FeedbackRequest,
    @Req() request: FastifyRequest,
  ): Promise<FeedbackResponse> {
    return this.feedback.submit(body, requestState(request).tenantId ?? DEFAULT_TENANT);
  }
}
