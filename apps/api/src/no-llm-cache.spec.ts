import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every non-test TypeScript file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

// The CLI's LLM request cache holds raw prompts of evaluations; answers to users must always
// come from the LLM, so the API never builds a metered service nor reads the cache folder.
describe('the API and the LLM request cache', () => {
  it('never uses the request cache, its metered service or its configuration', () => {
    const files = sources(__dirname);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) =>
      /meterLlmService|LlmRequestCache|clearLlmCache|CITED_LLM_CACHE|cache\/llm/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
