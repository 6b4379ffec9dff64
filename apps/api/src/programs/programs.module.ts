import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags/flags.module';
import { ProgramServingModule } from './program-serving.module';
import { ProgramsController } from './programs.controller';

/** `/v1/programs/*`: what serves now, and operator actions. */
@Module({
  imports: [ProgramServingModule, FlagsModule],
  controllers: [ProgramsController],
})
export class ProgramsModule {}
