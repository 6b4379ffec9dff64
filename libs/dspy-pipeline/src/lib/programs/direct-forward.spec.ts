import { AxGen, type AxAIService } from '@ax-llm/ax';
import { createScriptedLlm } from '../../testing';
import { CachedPromptTemplate } from './cached-prompt-template';
import { directForward } from './direct-forward';
import { parseSignature } from './module-spec';
import { REASONER_INSTRUCTION, REASONER_SIGNATURE } from './reasoner-program';
import { VERIFIER_INSTRUCTION, VERIFIER_SIGNATURE } from './verifier-program';

const R_VALUES = { question: 'Is rent due monthly?', passages: '[a#0] Rent is due monthly.' };
const V_VALUES = { ...R_VALUES, answer: 'Yes, monthly.' };
const DEMO = { ...R_VALUES, answer: 'Yes.', citations: ['a#0'] };

function gen(signature: string, instruction: string, demos: Record<string, unknown>[] = []) {
  const g = new AxGen(parseSignature(signature), { promptTemplate: CachedPromptTemplate });
  g.setId('p');
  g.setInstruction(instruction);
  if (demos.length) g.setDemos([{ programId: 'p', traces: demos }]);
  return g;
}

/** A scripted LLM that also records each chat request and the options Ax passed. */
function recording(reply: string) {
  const s = createScriptedLlm({ respond: () => reply });
  const calls: Array<{ req: unknown; opts: Record<string, unknown> }> = [];
  const ai = s.llm.ai;
  const chat = ai.chat.bind(ai);
  ai.chat = ((req: Parameters<AxAIService['chat']>[0], opts?: Record<string, unknown>) => {
    const { abortSignal, ...rest } = opts ?? {};
    calls.push({ req, opts: { ...rest, abortSignal: abortSignal !== undefined } });
    return chat(req, opts);
  }) as AxAIService['chat'];
  return { ai, calls };
}

async function settle<T>(p: Promise<T>): Promise<{ ok: T } | { err: string }> {
  try {
    return { ok: await p };
  } catch (e) {
    return { err: e instanceof Error ? e.constructor.name : String(e) };
  }
}

const REASONER_REPLIES = [
  'Reasoning: r\nAnswer: Yes.\nCitations: ["a#0"]',
  'Answer: Yes.\nCitations: ["a#0", "b#1"]',
  'Reasoning: step one\nstep two\nAnswer: Line one.\nLine two.\nCitations: ["a#0"]',
  'Answer: Not found in the sources.',
  'Answer: Not found in the sources.\nCitations: []',
  '  \nAnswer:   padded  \nCitations:  ["a#0"]  \n',
  'Answer: "quoted"\nCitations: ["a#0"]',
  'Answer: Yes.\nCitations:\n- a#0\n- b#1',
  'Answer: Yes.\nCitations: a#0, b#1',
  'Here you go\nAnswer: Yes.',
  'Citations: ["a#0"]\nAnswer: Yes.',
  'Answer: The answer: thirty days.\nCitations: ["a#0"]',
  'answer: lower case\ncitations: ["a#0"]',
  'Answer: Yes.\nCitations: [""]',
  'Answer: Yes.\nCitations: [1]',
  'Reasoning: only reasoning',
  '',
];
const VERIFIER_REPLIES = [
  'Verdict: supported\nUnsupported Claims: []',
  'Verdict: partially_supported\nUnsupported Claims: ["rent is weekly"]',
  'Verdict: unsupported',
  'Verdict: Supported',
  'Verdict: maybe',
  'Verdict: supported\nUnsupported Claims:\n- a claim',
];

/** Corpus replies that directForward read itself (filled by the comparison test). */
const readDirectly: string[] = [];

describe('directForward', () => {
  it.each([
    ['reasoner', REASONER_SIGNATURE, REASONER_INSTRUCTION, R_VALUES, []],
    ['reasoner with a demo', REASONER_SIGNATURE, REASONER_INSTRUCTION, R_VALUES, [DEMO]],
    ['verifier', VERIFIER_SIGNATURE, VERIFIER_INSTRUCTION, V_VALUES, []],
  ] as const)('sends the request AxGen.forward sends (%s)', async (_n, sig, ins, values, demos) => {
    const reply =
      sig === VERIFIER_SIGNATURE
        ? (VERIFIER_REPLIES[0] as string)
        : (REASONER_REPLIES[0] as string);
    const viaAx = recording(reply);
    const direct = recording(reply);
    const signal = new AbortController().signal;
    await gen(sig, ins, [...demos]).forward(viaAx.ai, values, {
      maxRetries: 1,
      stream: false,
      abortSignal: signal,
    });
    const r = await directForward(gen(sig, ins, [...demos]), direct.ai, values, {
      maxRetries: 1,
      abortSignal: signal,
    });
    expect(r.direct).toBe(true);
    expect(direct.calls).toHaveLength(1);
    expect(direct.calls[0]?.req).toEqual(viaAx.calls[0]?.req);
    // Ax adds bookkeeping options (sessionId, traceId, …) when set; these are the ones it sets.
    for (const [k, v] of Object.entries(direct.calls[0]?.opts ?? {}))
      expect([k, viaAx.calls[0]?.opts[k]]).toEqual([k, v]);
  });

  it.each([
    ...REASONER_REPLIES.map((r) => ['reasoner', r, REASONER_SIGNATURE] as const),
    ...VERIFIER_REPLIES.map((r) => ['verifier', r, VERIFIER_SIGNATURE] as const),
  ])('%s reply %j: same output (or error) and same LLM calls as Ax', async (_n, reply, sig) => {
    const values = sig === VERIFIER_SIGNATURE ? V_VALUES : R_VALUES;
    const ins = sig === VERIFIER_SIGNATURE ? VERIFIER_INSTRUCTION : REASONER_INSTRUCTION;
    const viaAx = recording(reply);
    const direct = recording(reply);
    const expected = await settle(
      gen(sig, ins).forward(viaAx.ai, values, { maxRetries: 1, stream: false }),
    );
    const got = await settle(directForward(gen(sig, ins), direct.ai, values, { maxRetries: 1 }));
    expect('ok' in got ? { ok: got.ok.output } : got).toEqual(expected);
    expect(direct.calls.length).toBe(viaAx.calls.length);
    if ('ok' in got && got.ok.direct) readDirectly.push(reply);
  });

  it('read most of the well-formed corpus replies itself (the comparison above is not vacuous)', () => {
    expect(readDirectly.length).toBeGreaterThanOrEqual(9);
  });

  it('reads well-formed replies itself and leaves odd ones to Ax', async () => {
    const direct = async (reply: string) =>
      (
        await directForward(
          gen(REASONER_SIGNATURE, REASONER_INSTRUCTION),
          recording(reply).ai,
          R_VALUES,
          {
            maxRetries: 1,
          },
        )
      ).direct;
    expect(await direct(REASONER_REPLIES[0] as string)).toBe(true);
    expect(await direct(REASONER_REPLIES[2] as string)).toBe(true);
    expect(await direct('Answer: Yes.\nCitations:\n- a#0\n- b#1')).toBe(false);
  });
});
