import { createScrubber } from '@cited/pii-scrub';
import { traceRecordSchema, type TraceRecord } from '@cited/mlflow-client';
import { createScriptedLlm } from '../../testing';
import { DEPOSIT_QUESTION, bundledIndex, firstPassageId } from '../../test-fixtures/llm-fixtures';
import { buildProgram } from '../artifact/build-program';
import { DEFAULT_RETRIEVER } from '../artifact/default-program';
import { createDspyPipeline } from '../pipeline/dspy-pipeline';
import { ExtractivePipeline } from '../pipeline/extractive-pipeline';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { defaultVerifierSpec } from '../programs/verifier-program';
import { createAnswerRecorder } from './answer-recorder';
import { answerTrace } from './answer-trace';
import { exampleAssessments } from './example-assessments';

const scrubber = createScrubber({ profile: 'default' });
const scrub = (t: string) => scrubber.scrubText(t).text;
// Planted personal data: must not appear anywhere in a trace.
const EMAIL = 'maria.lopez@example.org';
const QUESTION = `${DEPOSIT_QUESTION} Write to ${EMAIL}.`;

const stepsOf = (t: TraceRecord) => t.spans.slice(1).map((s) => [s.name, s.spanType]);

describe('answerTrace', () => {
  it('extractive: retrieve → extract → verify, passages as documents, everything scrubbed', async () => {
    const recorder = createAnswerRecorder();
    const pipeline = new ExtractivePipeline({
      retriever: recorder.retriever(await bundledIndex()),
    });
    const startedAtMs = Date.now();
    const result = await pipeline.answer(QUESTION, { tenantId: 'default', topK: 5 });
    const trace = traceRecordSchema.parse(
      answerTrace({
        question: QUESTION,
        startedAtMs,
        result,
        recorded: recorder,
        scrub,
        tags: { 'cited.pipeline': 'extractive' },
      }),
    );
    expect(stepsOf(trace)).toEqual([
      ['retrieve', 'RETRIEVER'],
      ['extract', 'PARSER'],
      ['verify', 'TOOL'],
    ]);
    const [root, retrieve, , verify] = trace.spans;
    expect(root?.inputs).toEqual({ question: expect.stringContaining('<EMAIL_1>') });
    expect(root?.outputs).toMatchObject({
      answer: result.answer,
      verdict: result.verification.verdict,
    });
    const docs = retrieve?.outputs as { page_content: string; metadata: { doc_uri: string } }[];
    expect(docs.length).toBe(recorder.passages?.length);
    expect(docs[0]?.page_content).toContain('21 days');
    expect(docs[0]?.metadata.doc_uri).toBe('security-deposit-return-deadlines');
    expect(verify?.outputs).toMatchObject({ verdict: result.verification.verdict });
    expect(trace.tags).toEqual({ 'cited.pipeline': 'extractive' });
    expect(JSON.stringify(trace)).not.toContain(EMAIL);
  });

  it('dspy: retrieve → reason → verify with prompt messages, reply and token usage', async () => {
    const { llm } = createScriptedLlm({
      respond: (r) =>
        /verdict/i.test(r.system)
          ? 'Verdict: supported\nUnsupported Claims: []'
          : `Answer: Within 21 days, ask ${EMAIL}.\nCitations: ["${firstPassageId(r.user) ?? ''}"]`,
    });
    const program = buildProgram({
      name: 't',
      pipeline: 'dspy',
      modules: { reasoner: defaultReasonerSpec(), verifier: defaultVerifierSpec() },
      llm: null,
      retriever: DEFAULT_RETRIEVER,
      seed: 1,
    });
    const recorder = createAnswerRecorder();
    const pipeline = createDspyPipeline({
      retriever: recorder.retriever(await bundledIndex()),
      llm,
      program,
      sinks: recorder.sinks,
    });
    const startedAtMs = Date.now();
    const result = await pipeline.answer(QUESTION, {});
    const trace = traceRecordSchema.parse(
      answerTrace({ question: QUESTION, startedAtMs, result, recorded: recorder, scrub }),
    );
    expect(stepsOf(trace)).toEqual([
      ['retrieve', 'RETRIEVER'],
      ['reason', 'CHAT_MODEL'],
      ['verify', 'CHAT_MODEL'],
    ]);
    const reason = trace.spans[2];
    const messages = (reason?.inputs as { messages: { role: string; content: string }[] }).messages;
    expect(messages[0]?.role).toBe('system');
    expect(messages.at(-1)?.content).toContain('Riverton');
    const reply = (reason?.outputs as { choices: { message: { content: string } }[] }).choices[0];
    expect(reply?.message.content).toContain('Within 21 days');
    expect(reason?.tokenUsage?.totalTokens).toBeGreaterThan(0);
    expect(reason?.model).toBe('scripted-model');
    // Spans follow each other in pipeline order inside the root.
    const [root, ...steps] = trace.spans;
    for (let i = 1; i < steps.length; i++)
      expect(steps[i]?.startTimeMs).toBeGreaterThanOrEqual(steps[i - 1]?.endTimeMs ?? Infinity);
    expect(root?.endTimeMs).toBeGreaterThanOrEqual(steps.at(-1)?.endTimeMs ?? Infinity);
    expect(JSON.stringify(trace)).not.toContain(EMAIL);
  });

  it('a failed answer is an ERROR trace with the steps that ran; assessments carry the gold data', async () => {
    const { llm } = createScriptedLlm({
      respond: () => {
        throw new Error('upstream down');
      },
    });
    const program = buildProgram({
      name: 't',
      pipeline: 'dspy',
      modules: { reasoner: defaultReasonerSpec() },
      llm: null,
      retriever: DEFAULT_RETRIEVER,
      seed: 1,
    });
    const recorder = createAnswerRecorder();
    const pipeline = createDspyPipeline({
      retriever: recorder.retriever(await bundledIndex()),
      llm,
      program,
      sinks: recorder.sinks,
    });
    const startedAtMs = Date.now();
    const error = await pipeline.answer(QUESTION, {}).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error?.code).toMatch(/^llm_/);
    const trace = traceRecordSchema.parse(
      answerTrace({
        question: QUESTION,
        startedAtMs,
        error: { code: error?.code ?? 'x', message: `${error?.message ?? ''} for ${EMAIL}` },
        recorded: recorder,
        scrub,
        assessments: exampleAssessments(
          {
            goldAnswers: [`Within 21 days (${EMAIL})`],
            goldSourceIds: ['security-deposit-return-deadlines'],
          },
          undefined,
          { code: 'cited.test', dataset: 'rental-qa' },
          scrub,
        ),
      }),
    );
    expect(trace.spans[0]).toMatchObject({ status: 'ERROR', statusMessage: error?.code });
    expect(stepsOf(trace)).toEqual([
      ['retrieve', 'RETRIEVER'],
      ['reason', 'CHAT_MODEL'],
    ]);
    expect(trace.spans[2]?.status).toBe('ERROR');
    expect(trace.assessments.map((a) => [a.kind, a.name])).toEqual([
      ['expectation', 'expected_response'],
      ['expectation', 'expected_sources'],
    ]);
    expect(JSON.stringify(trace)).not.toContain(EMAIL);
  });
});

describe('exampleAssessments', () => {
  it('scores the raw text (scrubbed, two different e-mails would look alike) and scrubs only what it writes', () => {
    const other = 'john.smith@example.com';
    const assessments = exampleAssessments(
      { goldAnswers: [`Write to ${EMAIL}`], goldSourceIds: ['lease'] },
      {
        goldAnswers: [`Write to ${EMAIL}`],
        goldSourceIds: ['lease'],
        retrievedDocumentIds: ['lease'],
        result: {
          answer: `Write to ${other}`,
          abstained: false,
          citations: [
            { id: 'lease#0', documentId: 'lease', title: 'Lease', snippet: '', score: 1 },
          ],
          verification: { verdict: 'supported', unsupportedClaims: [] },
          timings: { retrievalMs: 1, llmMs: 0, totalMs: 1 },
          trace: [],
        },
      },
      { code: 'cited.test', dataset: 'rental-qa' },
      scrub,
    );
    const value = (name: string) => assessments.find((a) => a.name === name)?.value;
    // Scrubbed first, both answers would be "Write to <EMAIL_1>": a perfect match.
    expect(scrub(`Write to ${other}`)).toBe(scrub(`Write to ${EMAIL}`));
    expect(value('exact_match')).toBe(0);
    expect(value('token_f1')).toBeLessThan(1);
    expect(value('citation_precision')).toBe(1);
    expect(value('groundedness')).toBe(1);
    expect(value('expected_response')).toBe('Write to <EMAIL_1>');
    expect(assessments.find((a) => a.name === 'token_f1')?.source).toEqual({
      type: 'CODE',
      id: 'cited.test',
    });
    expect(JSON.stringify(assessments)).not.toContain(EMAIL);
  });
});
