// A stand-in for MLflow's OTLP span ingestion in bench (c)'s sink mode: answers
// `POST /v1/traces` at once and throws the spans away; forwards every other request (the trace
// experiment's lookup) to the real MLflow server. The API then exports every sampled trace, and
// what (c) measures is the API's own cost of tracing each answer, without MLflow's ingestion
// competing for the same cores or dropping traces.
import http from 'node:http';

/** Starts the sink in front of `upstream` (an MLflow URI); resolves with its URI and counts. */
export function startOtlpSink(upstream) {
  const target = new URL(upstream);
  const counts = { requests: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url.startsWith('/v1/traces')) {
      req.on('data', (chunk) => (counts.bytes += chunk.length));
      req.on('end', () => {
        counts.requests++;
        res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
        res.end();
      });
      return;
    }
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        // MLflow refuses a Host header naming another server (DNS rebinding check).
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        uri: `http://127.0.0.1:${server.address().port}`,
        counts,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    );
  });
}
