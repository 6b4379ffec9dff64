import type { AxFieldValue } from '@ax-llm/ax';
import { createScriptedLlm } from '../../testing';
import { REASONER_ID, defaultReasonerSpec } from '../programs/reasoner-program';
import { bootstrapDemos } from './bootstrap-demos';

const TRAIN: Record<string, AxFieldValue>[] = Array.from({ length: 10 }, (_, i) => ({
  question: `What is fact number ${i}?`,
  passages: `[doc${i}#0] Fact ${i} is value-${i}.`,
  answer: `value-${i}`,
  citations: [`doc${i}#0`],
}));

/** The teacher is right on even rows only, so which rows become demos depends on their order. */
function teacher() {
  return createScriptedLlm({
    model: 'teacher',
    respond: (r) => {
      const i = TRAIN.findIndex((e) => r.user.includes(String(e['question'])));
      return i >= 0 && i % 2 === 0
        ? `Answer: value-${i}\nCitations: ["doc${i}#0"]`
        : 'Answer: I guess\nCitations: []';
    },
  });
}

const metric = async (
  prediction: Record<string, unknown>,
  example: Record<string, AxFieldValue>,
) => (prediction['answer'] === example['answer'] ? 1 : 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function args(wanted: number, concurrency: number, acquire?: () => Promise<() => void>) {
  return {
    start: defaultReasonerSpec(),
    programId: REASONER_ID,
    teacher: teacher().llm,
    train: TRAIN,
    metric,
    wanted,
    concurrency,
    ...(acquire ? { acquire } : {}),
  };
}

describe('bootstrapDemos', () => {
  it('starts the next example as soon as one ends: a slow slot does not hold back the others', async () => {
    let acquired = 0;
    let startedBeforeFirstSlot = -1;
    const acquire = async (): Promise<() => void> => {
      const n = acquired++;
      if (n === 0) {
        // The first example waits for its slot; the other worker goes on meanwhile.
        await sleep(50);
        startedBeforeFirstSlot = acquired;
      }
      return () => undefined;
    };
    const pool = await bootstrapDemos(args(5, 2, acquire));
    // In waves of 2, only the first wave's two examples would have asked for a slot by then.
    expect(startedBeforeFirstSlot).toBe(TRAIN.length);
    expect(pool).toMatchObject({ tried: 9, answered: 10 });
    expect(pool.demos.map((d) => d['answer'])).toEqual([0, 2, 4, 6, 8].map((i) => `value-${i}`));
  });

  it('keeps the first passing rows in training order whatever order the replies arrive in', async () => {
    const one = await bootstrapDemos(args(3, 1));
    expect(one).toMatchObject({ tried: 5, answered: 5 });
    // Slots granted after random delays: replies arrive out of order at concurrency 4.
    let seed = 7;
    const jitter = async (): Promise<() => void> => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      await sleep(seed % 15);
      return () => undefined;
    };
    for (const c of [2, 4, 8]) {
      const other = await bootstrapDemos(args(3, c, jitter));
      expect(other.demos).toEqual(one.demos);
      expect(other.tried).toBe(5);
      // Examples started before the first five had all answered are answered too.
      expect(other.answered).toBeGreaterThanOrEqual(5);
    }
  });

  it('starts no example once a spent budget says stop', async () => {
    let started = 0;
    const pool = await bootstrapDemos({
      ...args(5, 2, async () => {
        started++;
        return () => undefined;
      }),
      shouldStop: () => started >= 3,
    });
    expect(started).toBe(3);
    expect(pool).toMatchObject({ tried: 3, answered: 3 });
  });
});
