import type { Command } from 'commander';
import type { ActionRunner } from '../cli/command-context';
import { registerConfigCommand } from './config.command';
import { registerDemoCommand } from './demo.command';

/** Registers one command (or command group) on the program. */
export type RegisterCommand = (program: Command, run: ActionRunner) => void;

/** Every top-level command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [registerDemoCommand, registerConfigCommand];
