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
  it('slides its window by example: a slow reply holds back one example, not a whole wave', async () => {
    let acquired = 0;
    let startedMeanwhile = -1;
    const acquire = async (): Promise<() => void> => {
      const n = acquired++;
      if (n === 2) {
        // The third example waits for its slot; the examples after the first two go on.
        await sleep(50);
        startedMeanwhile = acquired;
      }
      return () => undefined;
    };
    const pool = await bootstrapDemos(args(5, 3, acquire));
    // In waves of 3, no example of the second wave would have asked for a slot by then.
    expect(startedMeanwhile).toBe(5);
    expect(pool).toMatchObject({ tried: 9, answered: 10 });
    expect(pool.demos.map((d) => d['answer'])).toEqual([0, 2, 4, 6, 8].map((i) => `value-${i}`));
  });

  it('answers the same examples and keeps the same pool whatever order the replies arrive in', async () => {
    const one = await bootstrapDemos(args(3, 1));
    expect(one).toMatchObject({ tried: 5, answered: 5 });
    // Slots granted after random delays: replies arrive out of order.
    let seed = 7;
    const jitter = async (): Promise<() => void> => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      await sleep(seed % 15);
      return () => undefined;
    };
    for (const c of [2, 4, 8]) {
      const asked: string[][] = [];
      for (let round = 0; round < 2; round++) {
        const t = teacher();
        const other = await bootstrapDemos({ ...args(3, c, jitter), teacher: t.llm });
        expect(other.demos).toEqual(one.demos);
        expect(other.tried).toBe(5);
        // Example i starts iff examples 0..i-c hold fewer than 3 demos (rows 0, 2, 4 pass).
        expect(other.answered).toBe(Math.min(TRAIN.length, 4 + c));
        asked.push(t.requests.map((r) => r.user).sort());
      }
      expect(asked[1]).toEqual(asked[0]);
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
