// The OpenAI-compatible stub for the pipeline benchmark, in its own process so that its CPU
// time is not counted as pipeline overhead. Prints `{"baseUrl": ...}` once listening and
// stops on SIGTERM or when stdin closes.
// Usage: node stub-process.mjs <latencyMs>
import { distRequire } from './dist-require.mjs';

const require = distRequire();
const { startOpenAiStubServer } = require('@cited/dspy-pipeline/testing');

const latencyMs = Number(process.argv[2] ?? 200);
// Cites the first passage id of the last user message: whatever the real index retrieved.
const stub = await startOpenAiStubServer({
  latencyMs,
  reply: (body) => {
    const messages = body.messages ?? [];
    const system = JSON.stringify(messages.filter((m) => m.role === 'system'));
    if (system.includes('Verdict')) return 'Verdict: supported\nUnsupported Claims: []';
    const user = JSON.stringify(messages.filter((m) => m.role === 'user').pop()?.content ?? '');
    const id = /\[([^\]\s]+#\d+)\]/.exec(user)?.[1] ?? 'none';
    return `Reasoning: the passage states it\nAnswer: As the cited passage states.\nCitations: ["${id}"]`;
  },
});
process.stdout.write(`${JSON.stringify({ baseUrl: stub.baseUrl })}\n`);
const stop = async () => {
  await stub.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
