import { createScriptedLlm, startOpenAiStubServer, type OpenAiStubServer } from '../../testing';
import { llmConfigSchema } from '../config/llm-config';
import { createLlmService } from '../llm/llm-service';
import { BASELINE_SYSTEM_PROMPT } from '../programs/baseline-prompt';
import { REASONER_INSTRUCTION, defaultReasonerSpec } from '../programs/reasoner-program';
import { VERIFIER_INSTRUCTION, defaultVerifierSpec } from '../programs/verifier-program';
import { buildProgram } from './build-program';
import { DEFAULT_RETRIEVER, defaultProgram } from './default-program';
import { DRY_RUN_QUESTION, dryRunProgram } from './dry-run';

const dspy = buildProgram({
  name: 'dry',
  pipeline: 'dspy',
  modules: {
    reasoner: {
      ...defaultReasonerSpec(),
      instruction: 'OPTIMIZED-INSTRUCTION: answer from the passages.',
      demos: [
        {
          question: 'What is the deposit cap?',
          passages: '[caps#0] The cap is two months of rent.',
          answer: 'Two months of rent.',
          citations: ['caps#0'],
        },
      ],
    },
    verifier: defaultVerifierSpec(),
  },
  llm: null,
  retriever: DEFAULT_RETRIEVER,
  seed: 1,
});

const text = (m: { content: string }[]): string => m.map((x) => x.content).join('\n');

describe('dryRunProgram', () => {
  let stub: OpenAiStubServer | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('renders the dspy prompts for the canned question without calling an LLM', async () => {
    const report = await dryRunProgram(dspy);
    expect(report).toMatchObject({
      programId: dspy.id,
      pipeline: 'dspy',
      question: DRY_RUN_QUESTION,
      calledLlm: false,
    });
    expect(report.modules.map((m) => m.module)).toEqual(['reasoner', 'verifier']);
    const [reasoner, verifier] = report.modules;
    // The program's own instruction and demos are what gets rendered, not the defaults.
    expect(text(reasoner?.messages ?? [])).toContain('OPTIMIZED-INSTRUCTION');
    expect(text(reasoner?.messages ?? [])).not.toContain(REASONER_INSTRUCTION);
    expect(text(reasoner?.messages ?? [])).toContain('two months of rent');
    expect(text(reasoner?.messages ?? [])).toContain(DRY_RUN_QUESTION);
    expect(text(reasoner?.messages ?? [])).toContain('[sample-lease#0]');
    expect(reasoner?.messages.map((m) => m.role)).toContain('system');
    expect(text(verifier?.messages ?? [])).toContain(VERIFIER_INSTRUCTION);
    expect(text(verifier?.messages ?? [])).toContain('At least 30 days.');
    for (const m of report.modules) {
      expect(m.output).toBeUndefined();
      expect(m.error).toBeUndefined();
    }
  });

  it('calls the configured LLM and shows its raw output', async () => {
    const { llm, requests } = createScriptedLlm({
      respond: (r) =>
        r.system.includes('Verdict')
          ? 'Verdict: supported\nUnsupported Claims: []'
          : 'Answer: At least 30 days.\nCitations: ["sample-lease#0"]',
    });
    const report = await dryRunProgram(dspy, llm);
    expect(report.calledLlm).toBe(true);
    expect(requests).toHaveLength(2);
    expect(report.modules[0]?.output).toContain('At least 30 days.');
    expect(report.modules[1]?.output).toContain('Verdict: supported');
    // The prompt shown is the prompt sent.
    expect(requests[0]?.system).toBe(
      report.modules[0]?.messages.find((m) => m.role === 'system')?.content,
    );
  });

  it('renders the fixed baseline prompt, and the extractive program has none', async () => {
    const baseline = buildProgram({
      name: 'b',
      pipeline: 'baseline',
      llm: null,
      retriever: DEFAULT_RETRIEVER,
      seed: 0,
    });
    const report = await dryRunProgram(baseline);
    expect(report.modules).toHaveLength(1);
    expect(report.modules[0]?.messages[0]).toEqual({
      role: 'system',
      content: BASELINE_SYSTEM_PROMPT,
    });
    expect(report.modules[0]?.messages[1]?.content).toContain(`Question: ${DRY_RUN_QUESTION}`);
    const extractive = await dryRunProgram(defaultProgram());
    expect(extractive.modules).toEqual([]);
  });

  it('calls a real HTTP LLM for the baseline program', async () => {
    stub = await startOpenAiStubServer({
      reply: ['{"answer": "At least 30 days.", "citations": ["sample-lease#0"]}'],
    });
    const llm = createLlmService(
      llmConfigSchema.parse({ provider: 'openai-compatible', model: 'm', baseUrl: stub.baseUrl }),
    );
    const baseline = buildProgram({
      name: 'b',
      pipeline: 'baseline',
      llm: null,
      retriever: DEFAULT_RETRIEVER,
      seed: 0,
    });
    const report = await dryRunProgram(baseline, llm);
    expect(report.modules[0]?.output).toContain('At least 30 days.');
    expect(stub.chatRequests()).toHaveLength(1);
  });

  it('reports an LLM that does not answer within the timeout, without hanging', async () => {
    stub = await startOpenAiStubServer({ reply: [{ delayMs: 2000, content: 'Answer: late' }] });
    const llm = createLlmService(
      llmConfigSchema.parse({
        provider: 'openai-compatible',
        model: 'm',
        baseUrl: stub.baseUrl,
        timeoutMs: 100,
        retries: 0,
      }),
    );
    const started = Date.now();
    const report = await dryRunProgram(dspy, llm);
    expect(Date.now() - started).toBeLessThan(1800);
    expect(report.modules).toHaveLength(2);
    for (const m of report.modules) {
      expect(m.error).toMatch(/did not answer within 100 ms/);
      // The rendered prompt is still shown.
      expect(text(m.messages)).toContain(DRY_RUN_QUESTION);
    }
  });
});
