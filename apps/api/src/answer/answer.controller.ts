import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { AnswerRequestDto, AnswerResponseDto, type AnswerResponse } from './answer.schemas';

/**
 * Declares `POST /v1/answer` (a question in, an answer with its sources out) to Nest and to
 * the OpenAPI document. Requests never reach this class: `serveAnswerRoute` (answer.route.ts)
 * replaces the Nest handler of the route with a plain Fastify one. The class and method names
 * make the published operationId (`AnswerController_answer`).
 */
@ApiTags('answer')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1')
export class AnswerController {
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
  answer(@Body() _body: unknown): Promise<AnswerResponse> {
    // Reaching this means the handler swap did not happen: fail loudly (500), never silently.
    return Promise.reject(new Error('POST /v1/answer must be served by answer.route.ts'));
  }
}
