// CPU and memory of benchmark processes, read from /proc (Linux): the CPU of a whole process
// group (the MLflow server and its uvicorn workers), and the peak RSS of a process while it runs.
import { readFileSync, readdirSync } from 'node:fs';

/** User + system CPU seconds used so far by every process of group `pgid`. */
export function groupCpuSeconds(pgid) {
  let ticks = 0;
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    } catch {
      continue; // exited since it was listed
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
  }
  // USER_HZ = 100 on Linux. Exited workers are not counted: the server keeps its workers.
  return ticks / 100;
}

/** User + system CPU seconds of one process (itself, not its children). */
export function processCpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(x[11]) + Number(x[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Follows the peak resident set size (VmHWM) of a running process every `everyMs`; `stop()`
 * returns the last peak read, in MB (read it before the process exits: /proc forgets it).
 */
export function watchPeakRss(pid, everyMs = 100) {
  let peakKb = 0;
  const read = () => {
    try {
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      if (kb > peakKb) peakKb = kb;
    } catch {
      // exited
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    read,
    stop() {
      read();
      clearInterval(timer);
      return peakKb / 1024;
    },
  };
}
