import { sampleProgramJson } from '@cited/dspy-pipeline/testing';
import { qaProgramSchema } from '@cited/dspy-pipeline';
import { programModelFiles } from './program-model-files';
import { modulePromptText, promptName } from './program-prompts';

const program = qaProgramSchema.parse(JSON.parse(sampleProgramJson('dspy', 'files-test')));

describe('programModelFiles', () => {
  it('writes program.json, an MLmodel with the cited and python_function flavors, the input example and the loader', () => {
    const files = programModelFiles(program, {
      modelId: 'm-00112233445566778899aabbccddeeff',
      name: 'files-test',
      runId: 'run1',
      prompts: ['prompts:/cited-qa.reasoner/3'],
      citedVersion: '9.9.9',
    });
    expect(Object.keys(files).sort()).toEqual([
      'MLmodel',
      'code/cited_pyfunc.py',
      'input_example.json',
      'program.json',
      'python_env.yaml',
      'requirements.txt',
      'serving_input_example.json',
    ]);
    expect(JSON.parse(files['program.json'] ?? '')).toEqual(program);
    const mlmodel = JSON.parse(files['MLmodel'] ?? '') as Record<string, Record<string, unknown>>;
    expect(mlmodel['flavors']?.['cited']).toEqual({
      program_file: 'program.json',
      program_format: 'cited.qa-program',
      schema_version: 1,
      pipeline: 'dspy',
      program_id: program.id,
      program_name: 'files-test',
      cited_version: '9.9.9',
    });
    expect(mlmodel['flavors']?.['python_function']).toMatchObject({
      loader_module: 'cited_pyfunc',
      code: 'code',
      data: 'program.json',
      config: { api_url: null },
    });
    expect(mlmodel['prompts']).toEqual(['prompts:/cited-qa.reasoner/3']);
    expect(files['code/cited_pyfunc.py']).toContain(
      'def _load_pyfunc(data_path, model_config=None):',
    );
  });

  it('stores no URL or key from the environment', () => {
    const saved = { url: process.env['CITED_API_URL'], key: process.env['CITED_API_KEY'] };
    process.env['CITED_API_URL'] = 'http://planted-host.invalid:1234';
    process.env['CITED_API_KEY'] = 'planted-secret-key-123';
    try {
      const text = Object.values(
        programModelFiles(program, { modelId: 'm-1', name: 'x', citedVersion: '1.0.0' }),
      ).join('\n');
      expect(text).not.toContain('planted-host');
      expect(text).not.toContain('planted-secret-key-123');
    } finally {
      if (saved.url === undefined) delete process.env['CITED_API_URL'];
      else process.env['CITED_API_URL'] = saved.url;
      if (saved.key === undefined) delete process.env['CITED_API_KEY'];
      else process.env['CITED_API_KEY'] = saved.key;
    }
  });
});

describe('module prompts', () => {
  it('names prompts <prefix>.<module> with characters MLflow accepts', () => {
    expect(promptName('cited-qa', 'reasoner')).toBe('cited-qa.reasoner');
    expect(promptName('team/qa model', 'verifier')).toBe('team-qa-model.verifier');
  });

  it('holds the instruction then the scrubbed demos', () => {
    const mod = program.modules.reasoner;
    if (!mod) throw new Error('the sample dspy program has a reasoner');
    const text = modulePromptText({ ...mod, demos: [{ q: 'a' }] as never }, () => ['scrubbed']);
    expect(text.startsWith(`${mod.instruction}\n\n--- demos (1) ---\n`)).toBe(true);
    expect(text).toContain('"scrubbed"');
    expect(text).not.toContain('"q"');
  });
});
