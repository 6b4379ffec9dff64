import { inputExampleFiles, renderMlmodel } from './mlmodel-document';

describe('renderMlmodel', () => {
  const doc = {
    modelId: 'm-0123456789abcdef',
    runId: 'abc123',
    artifactPath: 'prog',
    flavors: { python_function: { loader_module: 'x', data: 'program.json' } },
    signature: {
      inputs: [
        { name: 'question', type: 'string' as const },
        { name: 'topK', type: 'long' as const, required: false },
      ],
      outputs: [{ name: 'answer', type: 'string' as const }],
    },
    inputExample: { columns: ['question', 'topK'], rows: [['q?', 3]] },
    prompts: ['prompts:/p/1'],
    createdAt: new Date('2026-01-02T03:04:05.678Z'),
  };

  it("writes MLflow's MLmodel keys, with signature schemas as JSON strings", () => {
    const file = JSON.parse(renderMlmodel(doc)) as Record<string, unknown>;
    expect(file).toMatchObject({
      artifact_path: 'prog',
      model_id: 'm-0123456789abcdef',
      model_uuid: '0123456789abcdef',
      run_id: 'abc123',
      utc_time_created: '2026-01-02 03:04:05.678000',
      flavors: doc.flavors,
      prompts: ['prompts:/p/1'],
      saved_input_example_info: {
        artifact_path: 'input_example.json',
        serving_input_path: 'serving_input_example.json',
        pandas_orient: 'split',
        type: 'dataframe',
      },
    });
    const sig = file['signature'] as { inputs: string; outputs: string };
    expect(JSON.parse(sig.inputs)).toEqual([
      { type: 'string', name: 'question', required: true },
      { type: 'long', name: 'topK', required: false },
    ]);
    expect(JSON.parse(sig.outputs)).toEqual([{ type: 'string', name: 'answer', required: true }]);
  });

  it('refuses a malformed document (unknown column type, no model id)', () => {
    expect(() =>
      renderMlmodel({
        ...doc,
        signature: { inputs: [{ name: 'q', type: 'text' as never }], outputs: [] },
      }),
    ).toThrow(/type/);
    expect(() => renderMlmodel({ ...doc, modelId: '' })).toThrow(/modelId/);
  });

  it('writes the input example as a pandas split frame and a serving request', () => {
    const files = inputExampleFiles(doc.inputExample);
    expect(JSON.parse(files['input_example.json'] ?? '')).toEqual({
      columns: ['question', 'topK'],
      data: [['q?', 3]],
    });
    expect(JSON.parse(files['serving_input_example.json'] ?? '')).toEqual({
      dataframe_split: { columns: ['question', 'topK'], data: [['q?', 3]] },
    });
  });
});
