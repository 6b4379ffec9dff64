import type { Command } from 'commander';
import { clearLlmCache } from '@cited/dspy-pipeline';
import { withJson, type ActionRunner } from './command-context';

/** `cache clear`: delete the LLM request cache (it holds raw prompts and replies). */
export function registerCacheCommand(program: Command, run: ActionRunner): void {
  const cache = program
    .command('cache')
    .description('the LLM request cache of eval and optimize (CITED_LLM_CACHE_DIR)');
  withJson(cache.command('clear'))
    .description('delete every cached LLM reply (they hold raw prompts: never upload them)')
    .action(
      run(async (ctx) => {
        const dir = ctx.config().llmUsage.cacheDir;
        const removed = await clearLlmCache(dir);
        ctx.out.human(`removed ${removed} cached LLM replies from ${dir}`);
        ctx.out.result({ dir, removed });
      }),
    );
}
