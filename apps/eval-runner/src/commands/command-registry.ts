import type { Command } from 'commander';
import type { ActionRunner } from './command-context';
import { registerApiKeyCommand } from './api-key.command';
import { registerConfigCommand } from './config.command';
import { registerDatasetCommand } from './dataset.command';
import { registerDemoCommand } from './demo.command';
import { registerEvalCommand } from './eval.command';
import { registerIngestCommand } from './ingest.command';
import { registerOptimizeCommand } from './optimize.command';
import { registerPromoteCommand } from './promote.command';
import { registerRegisterCommand } from './register.command';
import { registerRollbackCommand } from './rollback.command';
import { registerMlflowCommand } from './mlflow.command';
import { registerPiiCommand } from './pii.command';
import { registerModelsCommand } from './models.command';
import { registerRunsCommand } from './runs.command';
import { registerCacheCommand } from './cache.command';

/** Registers one command (or command group) on the program. */
export type RegisterCommand = (program: Command, run: ActionRunner) => void;

/** Every top-level command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerDemoCommand,
  registerIngestCommand,
  registerEvalCommand,
  registerOptimizeCommand,
  registerRegisterCommand,
  registerPromoteCommand,
  registerRollbackCommand,
  registerModelsCommand,
  registerRunsCommand,
  registerDatasetCommand,
  registerPiiCommand,
  registerMlflowCommand,
  registerCacheCommand,
  registerConfigCommand,
  registerApiKeyCommand,
];
