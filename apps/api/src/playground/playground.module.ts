import { Module } from '@nestjs/common';
import { PlaygroundController } from './playground.controller';

/** The browser playground at `GET /` (see {@link PlaygroundController}). */
@Module({ controllers: [PlaygroundController] })
export class PlaygroundModule {}
