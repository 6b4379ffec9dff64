import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync as readSync } from 'node:fs';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { defaultVerifierSpec } from '../programs/verifier-program';
import { buildProgram } from './build-program';
import { DEFAULT_RETRIEVER, defaultProgram } from './default-program';
import { AX_VERSION, type QaProgram } from './program-schema';
import { loadProgram, parseProgram, saveProgram, serializeProgram } from './program-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cited-program-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function dspyProgram(): QaProgram {
  return buildProgram({
    name: 'rental-qa',
    pipeline: 'dspy',
    modules: {
      reasoner: {
        ...defaultReasonerSpec(),
        demos: [
          {
            question: 'Deposit?',
            passages: '[lease#1] Two months.',
            answer: 'Two months.',
            citations: ['lease#1'],
          },
        ],
      },
      verifier: defaultVerifierSpec(),
    },
    llm: { provider: 'openai', model: 'gpt-x', servedModel: 'gpt-x-2025', temperature: 0, seed: 7 },
    retriever: DEFAULT_RETRIEVER,
    datasetDigest: 'sha256:abc',
    metrics: { dev_f1: 0.8 },
    seed: 7,
    createdAt: new Date('2025-02-03T04:05:06.000Z'),
  });
}

function expectRefusal(fn: () => unknown, code: string, pattern: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(DspyPipelineError.isInstance(err)).toBe(true);
  expect((err as DspyPipelineError).code).toBe(code);
  expect((err as Error).message).toMatch(pattern);
}

describe('program artifact', () => {
  it('round-trips through saveProgram/loadProgram, atomically', async () => {
    const program = dspyProgram();
    const path = join(dir, 'nested', 'program.json');
    const saved = await saveProgram(path, program);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['program.json']);
    const loaded = await loadProgram(path);
    expect(loaded).toEqual(saved);
    expect(loaded.id).toMatch(/^[0-9a-f]{12}$/);
    expect(loaded.format).toBe('cited.qa-program');
    expect(loaded.axVersion).toBe(AX_VERSION);
  });

  it('id ignores createdAt and metrics but changes with the content', () => {
    const a = dspyProgram();
    const b = { ...a, createdAt: '2030-01-01T00:00:00.000Z', metrics: { dev_f1: 0.1 } };
    expect(parseProgram(serializeProgram(b), 'b').id).toBe(a.id);
    const c = buildProgram({
      ...a,
      llm: a.llm,
      modules: { reasoner: { ...defaultReasonerSpec(), instruction: 'Different.' } },
      createdAt: new Date(a.createdAt),
    });
    expect(c.id).not.toBe(a.id);
  });

  it('never writes credentials: unknown keys such as apiKey are refused', () => {
    const withKey = { ...dspyProgram(), llm: { ...dspyProgram().llm, apiKey: 'sk-secret-value' } };
    expectRefusal(() => parseProgram(JSON.stringify(withKey), 'p.json'), 'invalid_program', /llm/);
  });

  it('refuses a wrong format', () => {
    expectRefusal(
      () => parseProgram(JSON.stringify({ ...dspyProgram(), format: 'other' }), 'p.json'),
      'invalid_program',
      /p\.json: format/,
    );
  });

  it('refuses a newer schema version', () => {
    expectRefusal(
      () => parseProgram(JSON.stringify({ ...dspyProgram(), schemaVersion: 2 }), 'p.json'),
      'incompatible_program',
      /newer/,
    );
  });

  it('migrates schema version 0', () => {
    const v1 = dspyProgram();
    const { axVersion: _a, ...rest } = v1;
    const v0 = {
      ...rest,
      schemaVersion: 0,
      llm: { provider: 'openai', model: 'gpt-x', temperature: 0, seed: 7 },
      modules: {
        reasoner: {
          ...defaultReasonerSpec(),
          demos: undefined,
          examples: v1.modules.reasoner?.demos,
        },
      },
    };
    const migrated = parseProgram(JSON.stringify(v0), 'old.json');
    expect(migrated.schemaVersion).toBe(1);
    expect(migrated.modules.reasoner?.demos).toEqual(v1.modules.reasoner?.demos);
    expect(migrated.llm?.servedModel).toBeNull();
  });

  it('refuses an incompatible signature', () => {
    const p = dspyProgram();
    const bad = {
      ...p,
      modules: {
        ...p.modules,
        reasoner: { ...p.modules.reasoner, signature: 'question:string -> answer:string' },
      },
    };
    expectRefusal(
      () => parseProgram(JSON.stringify(bad), 'p.json'),
      'incompatible_program',
      /modules\.reasoner\.signature/,
    );
  });

  it('refuses oversized files before parsing them', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, JSON.stringify({ ...dspyProgram(), name: 'x'.repeat(2000) }));
    await expect(loadProgram(path, { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'invalid_program',
    });
    expectRefusal(() => parseProgram('x'.repeat(2_000_000), 'p.json'), 'invalid_program', /limit/);
  });

  it('refuses a hand-edited file whose id no longer matches', () => {
    const text = serializeProgram(dspyProgram()).replace('"rental-qa"', '"edited"');
    expectRefusal(() => parseProgram(text, 'p.json'), 'invalid_program', /p\.json: id/);
  });

  it('refuses invalid JSON and missing files with the path', async () => {
    expectRefusal(() => parseProgram('{', 'p.json'), 'invalid_program', /p\.json/);
    await expect(loadProgram(join(dir, 'missing.json'))).rejects.toMatchObject({
      code: 'invalid_program',
    });
  });

  it('the committed default program is the one the code generates', () => {
    const path = join(__dirname, '..', '..', '..', 'assets', 'default.program.json');
    const expected = serializeProgram(defaultProgram());
    if (process.env['CITED_UPDATE_DEFAULT_PROGRAM'] === '1') writeFileSync(path, expected);
    const committed = readFileSync(path, 'utf8');
    expect(committed).toBe(expected);
    const p = parseProgram(committed, path);
    expect(p.pipeline).toBe('extractive');
    expect(p.llm).toBeNull();
  });

  it('pins the Ax version the programs are written against', () => {
    const pkg = JSON.parse(
      readSync(require.resolve('@ax-llm/ax').replace(/index\.c?js$/, 'package.json'), 'utf8'),
    ) as { version: string };
    expect(pkg.version).toBe(AX_VERSION);
  });
});

describe('program artifact privacy', () => {
  it('scrubs personal data out of demos before saving', async () => {
    const p = dspyProgram();
    const reasoner = p.modules.reasoner;
    if (!reasoner) throw new Error('fixture has a reasoner');
    const withPii = {
      ...p,
      modules: {
        ...p.modules,
        reasoner: {
          ...reasoner,
          demos: [
            { ...reasoner.demos[0], question: 'Can jane.doe@example.com get the deposit back?' },
          ],
        },
      },
    };
    const text = serializeProgram(withPii);
    expect(text).not.toContain('jane.doe@example.com');
    expect(parseProgram(text, 'p.json').modules.reasoner?.demos).toHaveLength(1);
  });
});
