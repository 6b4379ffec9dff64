import { Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { PipelineKind } from '@cited/dspy-pipeline';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { ApiError } from '../errors/api-error';
import { PipelineFlags } from '../flags/pipeline-flags';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { RollbackMonitor } from '../pipelines/rollback-monitor';
import { requestState } from '../request/request-state';
import { ProgramManager } from './program-manager';
import {
  ActiveProgramsDto,
  OperatorActionDto,
  type activeProgramsSchema,
  type operatorActionSchema,
} from './programs.schemas';

type OperatorAction = z.infer<typeof operatorActionSchema>;

const KINDS: PipelineKind[] = ['extractive', 'baseline', 'dspy'];

/** Programs: what serves now, and operator actions. */
@ApiTags('programs')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1/programs')
export class ProgramsController {
  constructor(
    private readonly programs: ProgramManager,
    private readonly rollback: RollbackMonitor,
    private readonly flags: PipelineFlags,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get('active')
  @ApiOperation({
    summary: 'Which program each pipeline uses now',
    description:
      'Where each program came from, when it was loaded, its validation result, refused programs, ' +
      'the registry state and the last validated program cached on disk. Needs a key of a ' +
      'tenant in CITED_ADMIN_TENANTS (or local mode): it names paths and URLs.',
  })
  @ApiOkResponse({ type: ActiveProgramsDto })
  @ApiProblems(401, 403, 429, 500)
  async active(@Req() request: FastifyRequest): Promise<z.infer<typeof activeProgramsSchema>> {
    this.requireOperator(request);
    const { programs, rollback } = this;
    const kill = await this.flags.killSwitch();
    const primary = programs.current();
    return {
      primary: {
        pipeline: primary.program.pipeline,
        id: primary.program.id,
        source: primary.source,
      },
      pipelines: KINDS.map((kind) => {
        const s = programs.servingFor(kind);
        return {
          pipeline: kind,
          available: s !== null,
          program:
            s === null
              ? null
              : {
                  name: s.program.name,
                  id: s.program.id,
                  version: s.version,
                  source: s.source,
                  location: s.location,
                  loadedAt: s.loadedAt,
                  validation: s.validation,
                },
        };
      }),
      fallbackPipeline: programs.fallbackKind(),
      killSwitch: kill.everyone,
      killSwitchSource: kill.source,
      killSwitchTenants: kill.someTenants,
      rollback: rollback.status(),
      registry: { ...programs.registryState },
      cached: programs.cachedProgram(),
      refused: [...programs.refused()],
    };
  }

  private requireOperator(request: FastifyRequest): void {
    const { apiKeys, adminTenants } = this.config.server;
    if (apiKeys.length === 0) return;
    const tenant = requestState(request).keyTenantId;
    if (tenant === undefined || !adminTenants.includes(tenant)) {
      throw new ApiError(
        'forbidden',
        'Operator actions need a key of a tenant listed in CITED_ADMIN_TENANTS.',
      );
    }
  }

  @Post('rollback/reset')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Operator: end an automated rollback of the dspy pipeline',
    description: 'Needs a key of a tenant in CITED_ADMIN_TENANTS (or local mode).',
  })
  @ApiOkResponse({ type: OperatorActionDto })
  @ApiProblems(401, 403, 429, 500)
  resetRollback(@Req() request: FastifyRequest): OperatorAction {
    this.requireOperator(request);
    const changed = this.rollback.clear('operator');
    return {
      ok: true,
      changed,
      detail: changed ? 'dspy traffic restored' : 'no rollback was active',
    };
  }

  @Post('reload')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Operator: check the registry alias now',
    description: 'Loads the alias target when it changed (validated as on every load).',
  })
  @ApiOkResponse({ type: OperatorActionDto })
  @ApiProblems(401, 403, 429, 500)
  async reload(@Req() request: FastifyRequest): Promise<OperatorAction> {
    this.requireOperator(request);
    const before = this.programs.current().program.id;
    await this.programs.pollOnce('manual');
    const after = this.programs.current();
    return {
      ok: true,
      changed: after.program.id !== before,
      detail: `serving ${after.program.id} (${after.source}); registry ${this.programs.registryState.status}`,
    };
  }
}
