// A/B of CPU per request: the built API (dist/apps/api/main.js) against another bundle, e.g. a
// copy of the build before a change. Runs cpu-per-request.mjs for each side in alternating
// order (ABBA...), so both sides see the same drift of a shared machine, and prints each pair's
// ratios and the median ratios (new / base; below 1 is cheaper), of all CPU and of user CPU.
// Usage: node bench/api/compare-cpu.mjs <base main.js> [rounds=6] [requests=20000]
// Making a base bundle: git stash; npx nx run-many -t build -p api;
//   cp -r dist/apps/api dist/apps/api-base; git stash pop; npx nx run-many -t build -p api
// (keep the copy under dist/ so that it resolves the workspace's node_modules).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median } from '../shared/median.mjs';
import { root } from './api-process.mjs';

const [baseArg, roundsArg = '6', requests = '20000'] = process.argv.slice(2);
if (baseArg === undefined || !existsSync(baseArg)) {
  console.error('usage: node bench/api/compare-cpu.mjs <base main.js> [rounds] [requests]');
  process.exit(2);
}
const base = resolve(baseArg);
const rounds = Number(roundsArg);

function measure(main) {
  const out = execFileSync(
    process.execPath,
    [join(root, 'bench/api/cpu-per-request.mjs'), requests],
    { env: { ...process.env, ...(main ? { BENCH_API_MAIN: main } : {}) }, encoding: 'utf8' },
  );
  const r = JSON.parse(out.trim().split('\n').pop());
  return { cpu: r.cpuMsPerRequest, user: r.userMsPerRequest };
}

// Kernel time (socket writes, loopback TCP) is the noisiest part and no change to the API's
// code touches it; the user-time ratio shows what a change did to the JavaScript.
const ratios = { cpu: [], user: [] };
for (let r = 0; r < rounds; r++) {
  const pair = {};
  for (const side of r % 2 ? ['new', 'base'] : ['base', 'new']) {
    pair[side] = measure(side === 'base' ? base : undefined);
  }
  for (const k of ['cpu', 'user']) ratios[k].push(pair.new[k] / pair.base[k]);
  console.log(
    `round ${r + 1}: CPU base ${pair.base.cpu} ms, new ${pair.new.cpu} ms (user ${pair.base.user} / ` +
      `${pair.new.user} ms), ratio ${(pair.new.cpu / pair.base.cpu).toFixed(3)}, ` +
      `user ratio ${(pair.new.user / pair.base.user).toFixed(3)}`,
  );
}
console.log(
  `median ratio new/base: CPU ${median(ratios.cpu).toFixed(3)}, user CPU ` +
    `${median(ratios.user).toFixed(3)} (${rounds} pairs of ${requests} requests)`,
);
