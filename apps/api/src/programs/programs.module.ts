import { Module } from '@nestjs/common';
import { ProgramServingModule } from './program-serving.module';
import { ProgramsController } from './programs.controller';

/** `/v1/programs/*`: what serves now, and operator actions. */
@Module({
  imports: [ProgramServingModule],
  controllers: [ProgramsController],
})
export class ProgramsModule {}
