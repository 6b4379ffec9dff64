import { resolve } from 'node:path';
import { useNameLexiconSnapshot } from '@cited/pii-scrub';
import { runCli } from './create-program';

// The scrubber's name lexicon is read from here after the first run instead of being rebuilt
// from compromise (≈0.2–0.3 s of CPU before every command's first scrub).
useNameLexiconSnapshot(resolve('.cited/cache/pii/name-lexicon.json'));

runCli(process.argv, { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `eval-runner: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
