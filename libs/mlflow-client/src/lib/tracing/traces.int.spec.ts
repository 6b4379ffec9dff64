import { readTracesWithPython, type PythonTrace } from '../testing/python-trace-reader';
import { sampleTrace } from '../../test-fixtures/sample-trace';
import { testClient, testServerUri, uniqueName } from '../../test-fixtures/test-server';
import { mlflowTraceId } from './trace-record';

describe('traces on a real MLflow server, read back by MLflow’s Python client', () => {
  const client = testClient();
  afterAll(() => client.close());

  it('writes traces linked to a run: span tree, inputs, outputs, tags, assessments; a replay adds nothing', async () => {
    const experimentId = await client.experiments.getOrCreate(uniqueName('traces'));
    const runId = (await client.runs.create({ experimentId, runName: 'traced' })).info.runId;
    const traces = [
      sampleTrace('What is the deposit?', { assessments: true }),
      sampleTrace('When is rent due?', { assessments: true, error: true }),
      sampleTrace('Can I keep a cat?'),
    ];
    await client.traces.log({ experimentId, runId }, traces);
    await client.traces.log({ experimentId, runId }, traces); // a replayed batch
    const back = await readTracesWithPython(testServerUri(), { runId, experimentId });
    expect(back).toHaveLength(3);
    const byId = new Map(back.map((t) => [t.traceId, t]));
    const first = byId.get(
      mlflowTraceId((traces[0] as { traceId: string }).traceId),
    ) as PythonTrace;
    expect(first.state).toBe('OK');
    expect(first.tags).toMatchObject({
      'cited.pipeline': 'dspy',
      'cited.tenant': 'acme',
      'mlflow.traceName': 'answer',
    });
    expect(first.metadata).toMatchObject({ 'mlflow.sourceRun': runId });
    const root = first.spans.find((s) => s.parentId === null);
    expect(root).toMatchObject({
      name: 'answer',
      spanType: 'CHAIN',
      inputs: { question: 'What is the deposit?' },
    });
    const kids = first.spans
      .filter((s) => s.parentId === root?.spanId)
      .map((s) => [s.name, s.spanType]);
    expect(kids).toEqual([
      ['retrieve', 'RETRIEVER'],
      ['reason', 'CHAT_MODEL'],
      ['verify', 'TOOL'],
    ]);
    const retrieve = first.spans.find((s) => s.name === 'retrieve');
    expect(retrieve?.outputs).toEqual([
      {
        page_content: 'The deposit is two months of rent.',
        metadata: { doc_uri: 'lease' },
        id: 'lease#0',
      },
    ]);
    expect(first.spans.find((s) => s.name === 'reason')?.tokenUsage).toMatchObject({
      total_tokens: 46,
    });
    expect(first.spans.find((s) => s.name === 'verify')?.attributes).toEqual({
      'cited.verdict': 'supported',
    });
    expect(first.assessments.map((a) => [a.kind, a.name, a.value, a.sourceType]).sort()).toEqual([
      ['expectation', 'expected_response', 'Two months of rent.', 'HUMAN'],
      ['expectation', 'expected_sources', ['lease'], 'HUMAN'],
      ['feedback', 'token_f1', 0.8, 'CODE'],
    ]);
    expect(byId.get(mlflowTraceId((traces[1] as { traceId: string }).traceId))?.state).toBe(
      'ERROR',
    );
    // The trace without assessments went through OTLP only, linked by the run header.
    const third = byId.get(
      mlflowTraceId((traces[2] as { traceId: string }).traceId),
    ) as PythonTrace;
    expect(third.tags).toMatchObject({ 'cited.tenant': 'acme' });
    expect(third.assessments).toEqual([]);
  });

  it('adds a person’s feedback to a trace and reads its info', async () => {
    const experimentId = await client.experiments.getOrCreate(uniqueName('feedback'));
    const trace = sampleTrace('Is parking included?');
    await client.traces.log({ experimentId }, [trace]);
    const info = await client.traces.getInfo(trace.traceId);
    expect(info.tags).toMatchObject({ 'cited.tenant': 'acme' });
    expect(info.traceLocation.mlflowExperiment?.experimentId).toBe(experimentId);
    await client.traces.logAssessment(trace.traceId, {
      kind: 'feedback',
      name: 'user_rating',
      value: false,
      rationale: 'wrong clause',
      source: { type: 'HUMAN', id: 'acme' },
    });
    const [back] = await readTracesWithPython(testServerUri(), {
      traceId: mlflowTraceId(trace.traceId),
    });
    expect(back?.assessments).toEqual([
      expect.objectContaining({
        name: 'user_rating',
        value: false,
        sourceType: 'HUMAN',
        rationale: 'wrong clause',
      }),
    ]);
    await expect(client.traces.getInfo('0'.repeat(32))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('rejects a malformed trace before sending anything', async () => {
    const bad = { ...sampleTrace('q'), traceId: 'nope' };
    await expect(client.traces.log({ experimentId: '0' }, [bad])).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('traceId'),
    });
  });
});
