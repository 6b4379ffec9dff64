import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import {
  loadPlaygroundAssets,
  type PlaygroundAsset,
  type PlaygroundPath,
} from './playground-assets';
import { PLAYGROUND_SECURITY_HEADERS } from './playground-headers';

/**
 * `GET /`: a small page to try the API in a browser (ask, read the answer, open citations).
 * Public like the docs: the page itself holds no data, and `/v1/answer` still needs a key when
 * keys are on. Left out of the OpenAPI document: it is not part of the API contract.
 */
@ApiExcludeController()
@Public()
@Controller()
export class PlaygroundController {
  private readonly assets = loadPlaygroundAssets();

  @Get()
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.send('/', request, reply);
  }

  @Get('playground.js')
  script(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.send('/playground.js', request, reply);
  }

  @Get('playground.css')
  style(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.send('/playground.css', request, reply);
  }

  @Get('favicon.svg')
  icon(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.send('/favicon.svg', request, reply);
  }

  private send(path: PlaygroundPath, request: FastifyRequest, reply: FastifyReply): void {
    const asset = this.assets.get(path) as PlaygroundAsset;
    void reply.headers(PLAYGROUND_SECURITY_HEADERS).header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).type(asset.contentType).send(asset.body);
  }
}
