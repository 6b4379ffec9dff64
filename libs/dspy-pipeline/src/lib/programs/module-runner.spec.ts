import { createScriptedLlm } from '../../testing';
import { hashPrompt, type RawTraceRecord } from '../trace/trace-sink';
import type { TraceEvent } from '../model/answer-result';
import { firstExchange } from './chat-exchange';
import { runModule } from './module-runner';
import { REASONER_ID, defaultReasonerSpec } from './reasoner-program';

const VALUES = { question: 'Is rent due monthly?', passages: '[a#0] Rent is due monthly.' };
const GOOD = 'Reasoning: the passage says so\nAnswer: Yes, monthly.\nCitations: ["a#0"]';

async function run(replies: string[], spec = defaultReasonerSpec()) {
  const scripted = createScriptedLlm({
    respond: (r) => replies[Math.min(r.index, replies.length - 1)] ?? '',
  });
  const events: TraceEvent[] = [];
  const raw: RawTraceRecord[] = [];
  const result = await runModule<{ answer: string; citations?: string[] }>({
    module: 'reasoner',
    programId: REASONER_ID,
    spec,
    llm: scripted.llm,
    values: VALUES,
    passageIds: ['a#0'],
    sinks: { trace: (e) => events.push(e), raw: (r) => raw.push(r) },
  });
  return { result, events, raw, requests: scripted.requests };
}

describe('runModule (AxGen.forward, traced from the chat log)', () => {
  it('returns Ax’s output and traces the prompt it sent and the reply', async () => {
    const { result, events, raw, requests } = await run([GOOD]);
    expect(result.output).toEqual({ answer: 'Yes, monthly.', citations: ['a#0'] });
    expect(requests).toHaveLength(1);
    expect(events).toEqual([result.event]);
    const prompt = raw.find((r) => r.kind === 'prompt');
    const messages = JSON.parse(prompt?.content ?? '[]') as Array<{
      role: string;
      content: string;
    }>;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]?.content).toBe(requests[0]?.system);
    expect(messages[1]?.content).toBe(requests[0]?.user);
    expect(result.event.promptHash).toBe(hashPrompt(prompt?.content ?? ''));
    expect(raw.find((r) => r.kind === 'output')?.content).toBe(
      JSON.stringify({ role: 'assistant', content: GOOD }),
    );
    expect(result.event.tokens?.totalTokens).toBeGreaterThan(0);
  });

  it('keeps the first request and reply when Ax asks again, and counts both calls', async () => {
    // No `Answer:` field: Ax asks for a correction, which the second reply satisfies.
    const { result, raw, requests } = await run(['I am not sure.', GOOD]);
    expect(result.output.answer).toBe('Yes, monthly.');
    expect(requests).toHaveLength(2);
    const prompt = raw.find((r) => r.kind === 'prompt')?.content ?? '';
    expect(JSON.parse(prompt)).toHaveLength(2);
    expect(raw.find((r) => r.kind === 'output')?.content).toContain('I am not sure.');
    const once = await run([GOOD]);
    // Same inputs, same first prompt: the hash does not depend on the reply.
    expect(result.event.promptHash).toBe(once.result.event.promptHash);
    // Usage of both requests (the scripted LLM counts a quarter token per character).
    expect(result.event.tokens?.totalTokens).toBeGreaterThan(
      (once.result.event.tokens?.totalTokens ?? 0) * 1.5,
    );
  });

  it('counts demo turns as part of the prompt', async () => {
    const spec = {
      ...defaultReasonerSpec(),
      demos: [
        { ...VALUES, question: 'Is a deposit income?', answer: 'DEMO-ANSWER', citations: ['d#0'] },
      ],
    };
    const { raw } = await run([GOOD], spec);
    const prompt = JSON.parse(raw.find((r) => r.kind === 'prompt')?.content ?? '[]') as Array<{
      role: string;
      content: string;
    }>;
    expect(prompt.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(prompt[2]?.content).toContain('DEMO-ANSWER');
  });
});

describe('firstExchange', () => {
  it('splits the first log entry after its last user message', () => {
    const log = [
      {
        model: 'm',
        messages: [
          { role: 'system' as const, content: 's' },
          { role: 'user' as const, content: 'demo q' },
          { role: 'assistant' as const, content: 'demo a' },
          { role: 'user' as const, content: 'q' },
          { role: 'assistant' as const, content: 'a' },
        ],
      },
      { model: 'm', messages: [{ role: 'user' as const, content: 'later' }] },
    ];
    expect(firstExchange(log)).toEqual({
      prompt: log[0]?.messages.slice(0, 4),
      reply: [{ role: 'assistant', content: 'a' }],
    });
    expect(firstExchange([])).toEqual({ prompt: [], reply: [] });
  });
});
