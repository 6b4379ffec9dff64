#!/usr/bin/env node
// `npm run bench:dataset-manifest`: generates (once) a deterministic 1 GiB JSONL dataset in
// bench/.data/, then measures `sha256sum`, `gzip -6` (to /dev/null) and the built CLI
// `eval-runner dataset manifest` on it in the same run: wall time and peak RSS of each.
// Goals: manifest wall ≤ sha256sum + gzip -6 run one after the other; peak RSS < 150 MB.
// Env: BENCH_DATASET_BYTES (default 1 GiB) to try a smaller file.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDataset } from './generate.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const dataDir = join(root, 'bench', '.data');
const bytes = Number(process.env.BENCH_DATASET_BYTES ?? 1 << 30);
const file = join(dataDir, `dataset-manifest-v1-${bytes}.jsonl`);
const cli = join(root, 'dist', 'apps', 'eval-runner', 'main.js');
const libRunner = join(root, 'bench', 'dataset-manifest', 'lib-manifest.cjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const RSS_GOAL_MB = 150;

function fmtMb(kb) {
  return `${(kb / 1024).toFixed(1)} MB`;
}

/** Runs cmd, stdout to /dev/null; returns { wallS, maxRssKb, code }. */
async function measure(cmd, args) {
  const devnull = openSync('/dev/null', 'w');
  try {
    if (TIME) {
      const report = join(dataDir, 'time.txt');
      const t0 = process.hrtime.bigint();
      const code = await new Promise((res) =>
        spawn(TIME, ['-v', '-o', report, cmd, ...args], {
          stdio: ['ignore', devnull, 'inherit'],
        }).on('exit', res),
      );
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      const text = readFileSync(report, 'utf8');
      const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? NaN);
      return { wallS, maxRssKb, code };
    }
    // Fallback: poll the child's high-water mark (VmHWM) while it runs.
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', devnull, 'inherit'] });
    let maxRssKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) maxRssKb = Math.max(maxRssKb, Number(m[1]));
      } catch {
        /* exited */
      }
    }, 20);
    const code = await new Promise((res) => child.on('exit', res));
    clearInterval(poll);
    return { wallS: Number(process.hrtime.bigint() - t0) / 1e9, maxRssKb, code };
  } finally {
    closeSync(devnull);
  }
}

mkdirSync(dataDir, { recursive: true });
if (!existsSync(cli)) {
  console.error(`missing ${cli}: build first (NX_DAEMON=false npx nx build eval-runner)`);
  process.exit(1);
}
if (!existsSync(file)) {
  console.log(`generating ${file} (${bytes} bytes max) …`);
  const t0 = Date.now();
  const n = await generateDataset(file, bytes);
  console.log(`  ${n} bytes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const size = statSync(file).size;
console.log(`dataset: ${file} (${size} bytes)`);
console.log(
  `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);
const loadBefore = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');

// Warm the page cache so every tool reads the file from memory alike.
await measure('cat', [file]);

const results = {};
results.sha256sum = await measure('sha256sum', [file]);
results.gzip6 = await measure('gzip', ['-6', '-c', file]);
const tiny = join(dataDir, 'dataset-manifest-tiny.jsonl');
await generateDataset(tiny, 64 * 1024);
const outTiny = join(dataDir, 'manifest-out-tiny');
const outLib = join(dataDir, 'manifest-out-lib');
rmSync(outLib, { recursive: true, force: true });
const outDefault = join(dataDir, 'manifest-out-default');
const outFull = join(dataDir, 'manifest-out-full');
rmSync(outDefault, { recursive: true, force: true });
rmSync(outFull, { recursive: true, force: true });
results.manifestFullSnapshot = await measure('node', [
  cli,
  'dataset',
  'manifest',
  file,
  '--out',
  outFull,
  '--max-snapshot-mb',
  '4096',
  '--json',
]);
results.manifestDefaultBudget = await measure('node', [
  cli,
  'dataset',
  'manifest',
  file,
  '--out',
  outDefault,
  '--json',
]);
// Context, not goals: the CLI's start-up footprint, and the library pipeline in a bare process.
const context = {
  cliStartupTinyFile: await measure('node', [
    cli,
    'dataset',
    'manifest',
    tiny,
    '--out',
    outTiny,
    '--json',
  ]),
  libraryFullSnapshot: await measure('node', [libRunner, file, outLib, '4096']),
};
const loadAfter = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');

const peer = results.sha256sum.wallS + results.gzip6.wallS;
const rows = [];
let pass = true;
for (const [name, r] of Object.entries(results)) {
  const isCli = name.startsWith('manifest');
  const ratio = r.wallS / peer;
  const ok = r.code === 0 && (!isCli || (ratio <= 1 && r.maxRssKb / 1024 < RSS_GOAL_MB));
  if (!ok) pass = false;
  rows.push({
    name,
    wallS: +r.wallS.toFixed(2),
    peakRss: fmtMb(r.maxRssKb),
    exit: r.code,
    ratioToPeer: isCli ? +ratio.toFixed(3) : null,
    pass: isCli ? ok : null,
  });
}
for (const [name, r] of Object.entries(context))
  rows.push({
    name: `(context) ${name}`,
    wallS: +r.wallS.toFixed(2),
    peakRss: fmtMb(r.maxRssKb),
    exit: r.code,
    ratioToPeer: +(r.wallS / peer).toFixed(3),
    pass: null,
  });
console.table(rows);
const manifest = JSON.parse(readFileSync(join(outFull, 'manifest.json'), 'utf8'));
const manifestDefault = JSON.parse(readFileSync(join(outDefault, 'manifest.json'), 'utf8'));
console.log(`peer (sha256sum + gzip -6, one after the other): ${peer.toFixed(2)} s`);
console.log(
  `full snapshot: ${manifest.total_rows} rows, gz ${statSync(join(outFull, 'dataset.jsonl.gz')).size} bytes`,
);
console.log(
  `default budget: has_snapshot=${manifestDefault.has_snapshot}, sample rows=${manifestDefault.sample?.rows ?? 0}`,
);
console.log(`load average before: ${loadBefore}; after: ${loadAfter}`);
console.log(`goals: wall ≤ peer and peak RSS < ${RSS_GOAL_MB} MB → ${pass ? 'PASS' : 'FAIL'}`);
writeFileSync(
  join(dataDir, 'dataset-manifest-results.json'),
  JSON.stringify(
    { date: new Date().toISOString(), size, results, peerS: peer, loadBefore, loadAfter, pass },
    null,
    2,
  ),
);
process.exitCode = pass ? 0 : 1;
