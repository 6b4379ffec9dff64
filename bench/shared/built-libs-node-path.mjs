import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Points NODE_PATH (of this process and the children it spawns) at links to the built
 * libraries in dist/, so scripts that load them by name (the shared LLM stub, which loads
 * @cited/dspy-pipeline/testing, whose files require each other as @cited/*) find them.
 * @param root the repository root
 * @param work a temporary folder of the benchmark; the links go to `<work>/node-path`
 */
export function linkBuiltLibraries(root, work) {
  const nodePath = join(work, 'node-path');
  mkdirSync(join(nodePath, '@cited'), { recursive: true });
  for (const lib of ['dspy-pipeline', 'pii-scrub', 'dataset-manifest', 'mlflow-client'])
    symlinkSync(join(root, 'dist/libs', lib), join(nodePath, '@cited', lib));
  process.env.NODE_PATH = nodePath;
  return nodePath;
}
