import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_RUNTIME, type ApiRuntime } from '../app/api-runtime';
import { fromZodError } from '../errors/to-problem';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { requestState } from '../request/request-state';
import {
  AnswerRequestDto,
  AnswerResponseDto,
  answerRequestSchema,
  type AnswerResponse,
} from './answer.schemas';

/** `POST /v1/answer`: a question in, an answer with its sources out. */
@ApiTags('answer')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1')
export class AnswerController {
  private readonly schema;

  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {
    this.schema = answerRequestSchema(runtime.config.server);
  }

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
  @ApiOkResponse({ type: AnswerResponseDto, description: 'The answer' })
  @ApiProblems(400, 401, 403, 404, 413, 415, 429, 500, 503, 504)
  async answer(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AnswerResponse> {
    const parsed = this.schema.safeParse(body ?? {});
    if (!parsed.success) throw fromZodError(parsed.error);
    // Aborts retrieval and LLM calls when the client goes away.
    const controller = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    return this.runtime.answers.answer(
      parsed.data,
      request.id,
      requestState(request),
      controller.signal,
    );
  }
}
