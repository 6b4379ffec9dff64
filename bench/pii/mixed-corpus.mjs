// Generates the ~100 MB mixed throughput corpus (logs, JSON traces, prose with sparse PII)
// into bench/.data/. Deterministic; regenerated only when missing.
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { makeGenerators, rng, FIRST, LAST } from './corpus-values.mjs';

const WORDS =
  'the a retrieval answer question source passage model latency cache index query token budget citation score rank document chunk embedding vector eval run metric baseline prompt trace span batch request response user server error retry timeout config dataset split release pipeline'.split(
    ' ',
  );

export async function ensureMixedCorpus(path, targetBytes = 100 * 1024 * 1024, seed = 7) {
  if (existsSync(path) && statSync(path).size >= targetBytes) return path;
  const r = rng(seed);
  const g = makeGenerators(r);
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  let bytes = 0;
  let buf = [];
  const sentence = () => {
    const n = r.int(6, 18);
    const w = Array.from({ length: n }, () => r.pick(WORDS));
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return `${w.join(' ')}.`;
  };
  const sparse = () => {
    const x = r.next();
    if (x > 0.06) return '';
    const t = r.pick([
      'email',
      'phone',
      'ipv4',
      'credit_card',
      'iban',
      'openai_key',
      'jwt',
      'secret_assignment',
      'ssn',
      'aws_access_key_id',
      'github_token',
    ]);
    const v = g[t]();
    return t === 'secret_assignment' ? ` password=${v}` : ` ${v}`;
  };
  let ms = Date.UTC(2024, 4, 12);
  while (bytes < targetBytes) {
    const kind = r.next();
    let line;
    if (kind < 0.5) {
      ms += r.int(1, 900);
      const ts = new Date(ms).toISOString();
      line = `${ts} ${r.pick(['INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'])} [${r.pick(['api', 'retriever', 'ingest', 'eval'])}] request_id=${r.chars('0123456789abcdef', 8)}-${r.chars('0123456789abcdef', 4)} ${r.pick(WORDS)}=${r.int(0, 99999)} latency_ms=${r.int(1, 3000)} version=1.${r.int(0, 9)}.${r.int(0, 30)}${sparse()}`;
    } else if (kind < 0.8) {
      line = JSON.stringify({
        trace_id: r.chars('0123456789abcdef', 32),
        span: r.pick(['retrieve', 'generate', 'verify']),
        start: new Date(ms).toISOString(),
        input: { question: `${sentence()}${sparse()}`, k: r.int(1, 20) },
        output: {
          answer: `${sentence()} ${sentence()}`,
          citations: [`doc-${r.int(1, 9999)}`],
          score: Number(r.next().toFixed(4)),
        },
        usage: {
          prompt_tokens: r.int(10, 4000),
          completion_tokens: r.int(1, 800),
          model: 'gpt-x-2024-05-13',
        },
      });
    } else {
      const n = r.int(2, 6);
      line =
        Array.from({ length: n }, sentence).join(' ') +
        (r.next() < 0.05 ? ` Ask ${r.pick(FIRST)} ${r.pick(LAST)}.` : '') +
        sparse();
    }
    buf.push(line);
    bytes += Buffer.byteLength(line) + 1;
    if (buf.length >= 2000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise((res) => out.once('drain', res));
      buf = [];
    }
  }
  out.write(buf.join('\n') + '\n');
  await new Promise((res, rej) => out.end((e) => (e ? rej(e) : res())));
  renameSync(tmp, path);
  return path;
}
