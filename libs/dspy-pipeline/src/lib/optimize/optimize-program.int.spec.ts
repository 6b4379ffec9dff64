import { startOpenAiStubServer, type OpenAiStubServer } from '../../testing';
import { llmConfigSchema } from '../config/llm-config';
import { createLlmService } from '../llm/llm-service';
import { buildProgram } from '../artifact/build-program';
import { DEFAULT_RETRIEVER } from '../artifact/default-program';
import { parseProgram, serializeProgram } from '../artifact/program-store';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { optimize } from './optimize-program';
import type { OptimizeExample } from './optimize-types';

const EXAMPLES: OptimizeExample[] = Array.from({ length: 6 }, (_, i) => ({
  question: `What is fact number ${i}?`,
  passages: `[doc${i}#0] Fact ${i} is value-${i}.`,
  answer: `value-${i}`,
  citations: [`doc${i}#0`],
}));
const GOOD = 'QUOTE-THE-VALUE: answer with the value exactly as the passage states it.';
const SERVED = 'stub-model-2026-01-01';

/**
 * One OpenAI-compatible stub for student and teacher: it answers right once the prompt shows a
 * demo or the GEPA instruction, and proposes instructions when GEPA reflects.
 */
function replyTo(body: Record<string, unknown>): string {
  const messages = body['messages'] as Array<{ role: string; content: unknown }>;
  const text = JSON.stringify(messages);
  const system = JSON.stringify(messages.filter((m) => m.role === 'system'));
  if (system.includes('New Value')) return `New Value: ${GOOD}`;
  if (text.includes('Feedback Summary')) return 'Feedback Summary: quote the value.';
  const user = JSON.stringify(messages.filter((m) => m.role === 'user').pop()?.content ?? '');
  const ex = EXAMPLES.find((e) => user.includes(String(e['question'])));
  const demoShown = messages.some((m) => m.role === 'assistant');
  return ex && (demoShown || system.includes('QUOTE-THE-VALUE'))
    ? `Answer: ${String(ex['answer'])}\nCitations: ["${(ex['citations'] as string[])[0]}"]`
    : 'Answer: I guess\nCitations: []';
}

const metric = ({
  prediction,
  example,
}: {
  prediction: Record<string, unknown>;
  example: OptimizeExample;
}): number => (prediction['answer'] === example['answer'] ? 1 : 0);

describe('optimize over HTTP (real Ax client, OpenAI-compatible stub)', () => {
  let stub: OpenAiStubServer | undefined;
  beforeAll(async () => {
    stub = await startOpenAiStubServer({ servedModel: SERVED, reply: (body) => replyTo(body) });
  });
  afterAll(() => stub?.close());

  async function run(optimizer: 'bootstrap' | 'gepa', seed: number) {
    const llm = createLlmService(
      llmConfigSchema.parse({
        provider: 'openai-compatible',
        model: 'stub-model',
        baseUrl: stub?.baseUrl,
        seed: 42,
        concurrency: 1,
      }),
    );
    const start = buildProgram({
      name: 'rental-qa',
      pipeline: 'dspy',
      modules: { reasoner: defaultReasonerSpec() },
      llm,
      retriever: DEFAULT_RETRIEVER,
      seed,
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    });
    const before = stub?.chatRequests().length ?? 0;
    const result = await optimize({
      program: start,
      llm,
      trainset: EXAMPLES.slice(0, 4),
      devset: EXAMPLES.slice(4),
      metric,
      optimizer,
      seed,
      maxDemos: 2,
      trials: 3,
    });
    const bodies = (stub?.chatRequests() ?? []).slice(before).map((r) => r.body);
    return { result, bodies };
  }

  it.each(['bootstrap', 'gepa'] as const)(
    '%s: records the served model and the seed, and the same seed gives the same program',
    async (optimizer) => {
      const a = await run(optimizer, 7);
      const b = await run(optimizer, 7);
      expect(a.result.bestScore).toBe(1);
      expect(a.result.program.llm).toMatchObject({
        model: 'stub-model',
        servedModel: SERVED,
        seed: 42,
      });
      expect(b.result.program).toEqual(a.result.program);
      expect(b.result.trials.map((t) => t.program.id)).toEqual(
        a.result.trials.map((t) => t.program.id),
      );
      // The seed went into every request. GEPA's requests repeat too; Bootstrap draws its
      // traces in an order of its own, which `optimize` puts back in seeded order.
      expect(a.bodies.length).toBeGreaterThan(0);
      expect(a.bodies.every((body) => body['seed'] === 42)).toBe(true);
      if (optimizer === 'gepa') expect(b.bodies).toEqual(a.bodies);
      // The artifact keeps the served model through a save/load round trip.
      const reloaded = parseProgram(serializeProgram(a.result.program), 'memory');
      expect(reloaded.llm?.servedModel).toBe(SERVED);
    },
  );
});
