import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { ClientAbort } from '../request/client-abort';
import { requestState } from '../request/request-state';
import { AnswerRequestPipe } from './answer-request.pipe';
import { AnswerService } from './answer.service';
import {
  AnswerRequestDto,
  AnswerResponseDto,
  type AnswerRequest,
  type AnswerResponse,
} from './answer.schemas';

/** `Warning` header (RFC 7234 style, code 299) of an answer whose `pipeline` field was not honoured. */
export const PIPELINE_OVERRIDE_IGNORED_WARNING =
  '299 cited "pipeline override ignored: CITED_ALLOW_PIPELINE_OVERRIDE is false"';

/**
 * `POST /v1/answer`: a question in, an answer with its sources out. An ordinary Nest route:
 * `AccessGuard` admits the request, `AnswerRequestPipe` validates the body, and the problem
 * filter answers errors, as on every other route. The class and method names make the
 * published operationId (`AnswerController_answer`).
 */
@ApiTags('answer')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1')
export class AnswerController {
  constructor(private readonly answers: AnswerService) {}

  @Post('answer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Answer a question with citations',
    description:
      'Retrieves passages of the tenant, answers with the pipeline chosen by the `qa-pipeline` feature flag ' +
      '(or the override, when allowed), verifies the answer, and reports which program answered. ' +
      '`degraded: true` means the fallback pipeline answered (kill switch, rollback, or an upstream failure).',
  })
  @ApiHeader({
    name: 'x-request-id',
    required: false,
    description: 'Echoed back; minted when absent',
  })
  @ApiBody({ type: AnswerRequestDto })
  @ApiOkResponse({
    type: AnswerResponseDto,
    description: 'The answer',
    headers: {
      Warning: {
        description:
          'Set when the request named a `pipeline` the server does not honour (CITED_ALLOW_PIPELINE_OVERRIDE=false)',
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblems(400, 401, 403, 404, 413, 415, 429, 500, 503, 504)
  async answer(
    @Body(AnswerRequestPipe) body: AnswerRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AnswerResponse> {
    // The abort signal is made only if the pipeline can wait on I/O (see ClientAbort).
    const response = await this.answers.answer(
      body,
      request.id,
      requestState(request),
      new ClientAbort(reply.raw),
    );
    if (response.pipelineOverride?.honoured === false)
      void reply.header('warning', PIPELINE_OVERRIDE_IGNORED_WARNING);
    return response;
  }
}
