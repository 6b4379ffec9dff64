// OpenAI-compatible LLM stub for benchmark (b): `startOpenAiStubServer` of
// @cited/dspy-pipeline/testing (built), in its own process so its CPU is not the API's.
// Answers the baseline prompt with a JSON answer citing the first passage of the prompt.
// Prints {"baseUrl": ...} once listening; on SIGTERM prints {"chatRequests": N} and exits.
// Usage: node llm-stub-process.mjs <latencyMs>
import { distRequire } from '../pipeline/dist-require.mjs';

const require = distRequire();
const { startOpenAiStubServer } = require('@cited/dspy-pipeline/testing');

const latencyMs = Number(process.argv[2] ?? 200);
let chats = 0;
const stub = await startOpenAiStubServer({
  latencyMs,
  reply: (body) => {
    chats += 1;
    const prompt = JSON.stringify(body.messages ?? '');
    const id = /\[([^\]\s\\]+#\d+)\]/.exec(prompt)?.[1] ?? 'none#0';
    if (/verdict/i.test(prompt) && !prompt.includes('single JSON object'))
      return 'Verdict: supported\nUnsupported Claims: []';
    return JSON.stringify({ answer: 'As the cited passage states.', citations: [id] });
  },
});
// The stub keeps every request for tests; a 60 s load test would only grow it: drop them.
setInterval(() => stub.requests.splice(0), 1000).unref();
process.stdout.write(`${JSON.stringify({ baseUrl: stub.baseUrl })}\n`);
process.on('SIGTERM', async () => {
  process.stdout.write(`${JSON.stringify({ chatRequests: chats })}\n`);
  await stub.close();
  process.exit(0);
});
