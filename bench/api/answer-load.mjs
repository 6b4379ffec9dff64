// The load every API benchmark sends: autocannon POSTs to /v1/answer, each request asking the
// next question with a request id unique within the benchmark process; and the CPU it costs.
import autocannon from 'autocannon';
import { cpuTimesMs, datasetQuestion } from './api-process.mjs';

/** Requests sent so far by this process: numbers the questions and the request ids. */
let sent = 0;

/**
 * One autocannon run against `POST <base>/v1/answer`. Request k (counted over the whole
 * benchmark process) sends `{question: question(k), ...extraBody}` with `x-request-id:
 * <idPrefix>-k`. The remaining options go to autocannon as they are (`connections`, and
 * `duration` or `amount`). Resolves with autocannon's result.
 */
export function answerLoad(
  base,
  { question = datasetQuestion, extraBody = {}, idPrefix = `bench-${process.pid}`, ...options },
) {
  return autocannon({
    ...options,
    url: `${base}/v1/answer`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const k = sent++;
          return {
            ...req,
            headers: { ...req.headers, 'x-request-id': `${idPrefix}-${k}` },
            body: JSON.stringify({ question: question(k), ...extraBody }),
          };
        },
      },
    ],
  });
}

/**
 * CPU per request (ms) that `amount` requests of {@link answerLoad} cost the server `pid` (with
 * its children), after `warmup` requests that are not counted: `cpuMs` is user + system time,
 * `userMs` user time alone. `load` is passed to {@link answerLoad} for both runs.
 */
export async function cpuPerRequest(pid, base, { warmup, amount, ...load }) {
  await answerLoad(base, { ...load, amount: warmup });
  const c0 = cpuTimesMs(pid);
  const result = await answerLoad(base, { ...load, amount });
  const c1 = cpuTimesMs(pid);
  const requests = result.requests.total;
  const userMs = (c1.user - c0.user) / requests;
  return { result, cpuMs: userMs + (c1.system - c0.system) / requests, userMs };
}
