import { AxGen, AxPromptTemplate } from '@ax-llm/ax';
import { createScriptedLlm } from '../../testing';
import {
  CachedPromptTemplate,
  PROMPT_CACHE_ACTIVE,
  promptCacheStats,
} from './cached-prompt-template';
import { parseSignature } from './module-spec';
import { REASONER_INSTRUCTION, REASONER_SIGNATURE } from './reasoner-program';
import { VERIFIER_INSTRUCTION, VERIFIER_SIGNATURE } from './verifier-program';

const DEMO = {
  question: 'How much notice is needed?',
  passages: '[lease#0] Tenants give 30 days notice.',
  answer: 'Thirty days.',
  citations: ['lease#0'],
};
const VALUES: [Record<string, string>, Record<string, string>] = [
  { question: 'Is rent due monthly?', passages: '[lease#1] Rent is due on the 1st.' },
  { question: 'Can I sublet?', passages: '[lease#2] Subletting needs written consent.' },
];

function render(
  Template: typeof AxPromptTemplate,
  signature: string,
  instruction: string | undefined,
  values: Record<string, string>,
  demos: Record<string, unknown>[],
) {
  const t = new Template(parseSignature(signature), { thoughtFieldName: 'thought' });
  if (instruction) t.setInstruction(instruction);
  return t.render(values, { demos: demos.length ? [{ programId: 'p', traces: demos }] : [] });
}

describe('CachedPromptTemplate', () => {
  it('is active with the installed Ax', () => {
    expect(PROMPT_CACHE_ACTIVE).toBe(true);
  });

  it.each([
    ['reasoner, no demos', REASONER_SIGNATURE, REASONER_INSTRUCTION, []],
    ['reasoner, a demo', REASONER_SIGNATURE, REASONER_INSTRUCTION, [DEMO]],
    ['reasoner, no instruction', REASONER_SIGNATURE, undefined, []],
    ['verifier, edited instruction', VERIFIER_SIGNATURE, `${VERIFIER_INSTRUCTION} Be strict.`, []],
  ] as const)('renders exactly what Ax renders, call after call (%s)', (_n, sig, ins, demos) => {
    const vals =
      sig === VERIFIER_SIGNATURE ? VALUES.map((v) => ({ ...v, answer: 'Yes.' })) : VALUES;
    for (let round = 0; round < 3; round++)
      for (const v of vals)
        expect(render(CachedPromptTemplate, sig, ins, v, [...demos])).toEqual(
          render(AxPromptTemplate, sig, ins, v, [...demos]),
        );
  });

  it('keeps prompts of different instructions apart', () => {
    const a = render(CachedPromptTemplate, REASONER_SIGNATURE, 'Answer in French.', VALUES[0], []);
    const b = render(CachedPromptTemplate, REASONER_SIGNATURE, 'Answer in Dutch.', VALUES[0], []);
    expect(JSON.stringify(a)).toContain('French');
    expect(JSON.stringify(b)).toContain('Dutch');
    expect(JSON.stringify(b)).not.toContain('French');
  });

  it('sends the same requests through AxGen.forward as Ax on its own', async () => {
    const respond = () => 'Reasoning: r\nAnswer: Yes.\nCitations: ["lease#1"]';
    const plain = createScriptedLlm({ respond });
    const cached = createScriptedLlm({ respond });
    const sig = parseSignature(REASONER_SIGNATURE);
    const g1 = new AxGen(sig);
    const g2 = new AxGen(sig, { promptTemplate: CachedPromptTemplate });
    for (const g of [g1, g2]) {
      g.setId('p');
      g.setInstruction(REASONER_INSTRUCTION);
      g.setDemos([{ programId: 'p', traces: [DEMO] }]);
    }
    const before = { ...promptCacheStats };
    for (const v of [...VALUES, ...VALUES]) {
      const o1 = await g1.forward(plain.llm.ai, v);
      const o2 = await g2.forward(cached.llm.ai, v);
      expect(o2).toEqual(o1);
    }
    expect(cached.requests.map((r) => r.all)).toEqual(plain.requests.map((r) => r.all));
    expect(cached.requests).toHaveLength(4);
    // Each forward builds the system prompt twice; only the very first build may miss.
    expect(promptCacheStats.uncacheable).toBe(before.uncacheable);
    expect(promptCacheStats.hits - before.hits).toBeGreaterThanOrEqual(6);
  });
});
