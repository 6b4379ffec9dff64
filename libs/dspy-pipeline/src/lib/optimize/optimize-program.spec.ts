import { createScriptedLlm } from '../../testing';
import { buildProgram } from '../artifact/build-program';
import { DEFAULT_RETRIEVER } from '../artifact/default-program';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { optimize } from './optimize-program';
import type { OptimizeExample, OptimizeTrial } from './optimize-types';

const EXAMPLES: OptimizeExample[] = Array.from({ length: 8 }, (_, i) => ({
  question: `What is fact number ${i}?`,
  passages: `[doc${i}#0] Fact ${i} is value-${i}.`,
  answer: `value-${i}`,
  citations: [`doc${i}#0`],
}));

const keyOf = (user: string): OptimizeExample | undefined =>
  EXAMPLES.find((e) => user.includes(String(e['question'])));
const reply = (ex: OptimizeExample | undefined, right: boolean): string =>
  ex && right
    ? `Answer: ${String(ex['answer'])}\nCitations: ["${(ex['citations'] as string[])[0]}"]`
    : 'Answer: I guess\nCitations: []';

/** The teacher always knows the answer; the student only once the prompt shows it a demo. */
function llms() {
  const teacher = createScriptedLlm({
    model: 'teacher',
    respond: (r) => reply(keyOf(r.user), true),
  });
  const student = createScriptedLlm({
    model: 'student',
    respond: (r) => {
      const ex = keyOf(r.user);
      const sawDemo = EXAMPLES.some((e) => e !== ex && r.all.includes(String(e['answer'])));
      return reply(ex, sawDemo);
    },
  });
  return { teacher, student };
}

const metric = ({
  prediction,
  example,
}: {
  prediction: Record<string, unknown>;
  example: OptimizeExample;
}): number => (prediction['answer'] === example['answer'] ? 1 : 0);

const start = buildProgram({
  name: 'rental-qa',
  pipeline: 'dspy',
  modules: { reasoner: defaultReasonerSpec() },
  llm: null,
  retriever: DEFAULT_RETRIEVER,
  seed: 0,
  createdAt: new Date('2025-01-01T00:00:00.000Z'),
});

async function run(seed: number, concurrency?: number) {
  const { teacher, student } = llms();
  const trials: OptimizeTrial[] = [];
  const result = await optimize({
    program: start,
    llm: student.llm,
    teacher: teacher.llm,
    trainset: EXAMPLES.slice(0, 5),
    devset: EXAMPLES.slice(5),
    metric,
    optimizer: 'bootstrap',
    seed,
    maxDemos: 2,
    trials: 3,
    ...(concurrency === undefined ? {} : { concurrency }),
    onTrial: (t) => {
      trials.push(t);
    },
  });
  return { result, trials, teacher, student };
}

describe('optimize (bootstrap, scripted LLM)', () => {
  it('picks demos that raise the metric and reports every trial', async () => {
    const { result, trials } = await run(11);
    expect(result.baselineScore).toBe(0);
    expect(result.bestScore).toBe(1);
    expect(result.program.modules.reasoner?.demos.length).toBe(2);
    expect(result.program.metrics).toMatchObject({ dev_score: 1, baseline_score: 0 });
    expect(trials[0]?.kind).toBe('baseline');
    expect(trials.length).toBeGreaterThanOrEqual(2);
    expect(trials).toEqual(result.trials);
    for (const t of trials) expect(t.program.modules.reasoner).toEqual(t.module);
    // Demos are training rows, restricted to signature fields.
    for (const d of result.program.modules.reasoner?.demos ?? []) {
      expect(Object.keys(d).sort()).toEqual(
        expect.arrayContaining(['answer', 'passages', 'question']),
      );
    }
  });

  it('gives the same program for the same seed', async () => {
    const a = await run(5);
    const b = await run(5);
    expect(b.result.program).toEqual(a.result.program);
    expect(b.trials.map((t) => t.program.id)).toEqual(a.trials.map((t) => t.program.id));
  });

  it('gives the same program and scores for the same seed at any concurrency', async () => {
    const one = await run(5, 1);
    for (const c of [3, 8]) {
      const other = await run(5, c);
      expect(other.result.program).toEqual(one.result.program);
      expect(other.trials.map((t) => [t.index, t.program.id, t.score])).toEqual(
        one.trials.map((t) => [t.index, t.program.id, t.score]),
      );
      expect(other.result.bootstrap?.tried).toBe(one.result.bootstrap?.tried);
    }
  });

  it('stops bootstrapping once it has the demos it needs, and says how many it tried', async () => {
    const { result, teacher } = await run(11, 1);
    // 2 demos for the first candidate + 1 per further trial = 4 of the 5 training rows.
    expect(result.bootstrap).toEqual({ tried: 4, answered: 4, demos: 4 });
    expect(teacher.requests.length).toBe(4);
    expect(result.stopReason).toBe('completed');
  });

  it('keeps the best program scored so far when told to stop', async () => {
    const { teacher, student } = llms();
    let calls = 0;
    const result = await optimize({
      program: start,
      llm: student.llm,
      teacher: teacher.llm,
      trainset: EXAMPLES.slice(0, 5),
      devset: EXAMPLES.slice(5),
      metric: (a) => {
        calls++;
        return metric(a);
      },
      optimizer: 'bootstrap',
      seed: 11,
      maxDemos: 2,
      trials: 3,
      // Stop once the baseline (3 dev rows) and bootstrap (4 rows) were scored.
      shouldStop: () => (calls >= 7 ? 'max_llm_calls' : undefined),
    });
    expect(result.stopReason).toBe('max_llm_calls');
    expect(result.trials.map((t) => t.kind)).toEqual(['baseline']);
    expect(result.program.modules.reasoner?.demos).toEqual([]);
  });

  it('refuses empty sets', async () => {
    const { student } = llms();
    await expect(
      optimize({
        program: start,
        llm: student.llm,
        trainset: [],
        devset: EXAMPLES,
        metric,
        optimizer: 'bootstrap',
        seed: 1,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

const GOOD_INSTRUCTION =
  'QUOTE-THE-VALUE: answer with the value exactly as the passage states it, then cite the passage id.';

/**
 * GEPA on scripted models: the student answers right only under an instruction containing
 * QUOTE-THE-VALUE; the teacher's first proposal is useless, its later ones carry the phrase.
 */
function gepaLlms() {
  let proposals = 0;
  const teacher = createScriptedLlm({
    model: 'teacher',
    respond: (r) => {
      if (r.system.includes('New Value'))
        return `New Value: ${proposals++ === 0 ? 'Answer briefly.' : GOOD_INSTRUCTION}`;
      return 'Feedback Summary: the answers do not quote the value from the passage.';
    },
  });
  const student = createScriptedLlm({
    model: 'student',
    respond: (r) => reply(keyOf(r.user), r.system.includes('QUOTE-THE-VALUE')),
  });
  return { teacher, student };
}

async function runGepa(seed: number, concurrency?: number) {
  const { teacher, student } = gepaLlms();
  const trials: OptimizeTrial[] = [];
  const result = await optimize({
    program: start,
    llm: student.llm,
    teacher: teacher.llm,
    trainset: EXAMPLES.slice(0, 5),
    devset: EXAMPLES.slice(5),
    metric,
    optimizer: 'gepa',
    seed,
    trials: 4,
    ...(concurrency === undefined ? {} : { concurrency }),
    onTrial: (t) => {
      trials.push(t);
    },
  });
  return { result, trials, teacher, student };
}

describe('optimize (GEPA, scripted student and teacher)', () => {
  it('adopts a proposed instruction that raises the metric and reports every proposal', async () => {
    const { result, trials, teacher } = await runGepa(7);
    expect(result.baselineScore).toBe(0);
    expect(result.bestScore).toBe(1);
    expect(result.program.modules.reasoner?.instruction).toBe(GOOD_INSTRUCTION);
    expect(result.program.modules.reasoner?.demos).toEqual([]);
    expect(result.program.metrics).toMatchObject({ dev_score: 1, baseline_score: 0 });
    // Starting program, the rejected proposal and the accepted one, each scored on the devset.
    expect(trials.map((t) => [t.kind, t.module.instruction, t.score])).toEqual([
      ['baseline', defaultReasonerSpec().instruction, 0],
      ['candidate', 'Answer briefly.', 0],
      ['candidate', GOOD_INSTRUCTION, 1],
    ]);
    expect(trials).toEqual(result.trials);
    expect(teacher.requests.some((r) => r.system.includes('New Value'))).toBe(true);
  });

  it('gives the same program and trials for the same seed', async () => {
    const a = await runGepa(3);
    const b = await runGepa(3);
    expect(b.result.program).toEqual(a.result.program);
    expect(b.trials.map((t) => t.program.id)).toEqual(a.trials.map((t) => t.program.id));
    expect(b.student.requests.map((r) => r.user)).toEqual(a.student.requests.map((r) => r.user));
  });

  it('gives the same program and scores for the same seed at any concurrency', async () => {
    const a = await runGepa(3, 1);
    const b = await runGepa(3, 4);
    expect(b.result.program).toEqual(a.result.program);
    expect(b.trials.map((t) => [t.program.id, t.score])).toEqual(
      a.trials.map((t) => [t.program.id, t.score]),
    );
  });
});
