import { createScriptedLlm, editedProgramJson, sampleProgramJson } from '../../testing';
import { buildProgram, computeProgramId } from '../artifact/build-program';
import { DEFAULT_RETRIEVER, defaultProgram } from '../artifact/default-program';
import type { QaProgram } from '../artifact/program-schema';
import { serializeProgram } from '../artifact/program-store';
import { validateProgramArtifact, validatedTagOf } from './validate-program-artifact';

const SOURCE = 'models:/cited-qa/7';
// Secrets and personal data a probe planted; refusals must never quote them.
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const PASSWD = 'root:x:0:0:root:/root:/bin/bash';

const extractive = (name = 'reg-extractive') => sampleProgramJson('extractive', name);
const dspy = (name = 'reg-dspy') => sampleProgramJson('dspy', name);
const edited = editedProgramJson;

const noLlm = { source: SOURCE, llm: null, requireLlm: false } as const;

function refusal(v: Awaited<ReturnType<typeof validateProgramArtifact>>) {
  if (v.ok) throw new Error('expected a refusal');
  return v;
}

describe('validateProgramArtifact', () => {
  it('passes the committed default program with a dry run on the bundled sample', async () => {
    const v = await validateProgramArtifact(serializeProgram(defaultProgram()), noLlm);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.dryRun).toBe('sample');
    expect(validatedTagOf(v)).toBe('true');
    expect(v.checks.map((c) => c.name)).toEqual([
      'size',
      'schema',
      'name',
      'scrub',
      'compatibility',
      'dry_run_render',
      'dry_run_sample',
    ]);
    expect(v.checks.every((c) => c.ok)).toBe(true);
  });

  it.each([
    [
      'a newer schema version',
      edited(extractive(), (p) => (p['schemaVersion'] = 99)),
      'schema',
      /schemaVersion 99 is newer/,
    ],
    [
      'a wrong id',
      edited(extractive(), (p) => (p['id'] = 'abcdefabcdef')),
      'schema',
      /does not match its content/,
    ],
    ['a file that is not JSON', `${PASSWD}\n${AWS_KEY}\n`, 'schema', /is not valid JSON/],
    [
      'a format that is a secret',
      edited(extractive(), (p) => (p['format'] = AWS_KEY)),
      'schema',
      /format must be "cited.qa-program"/,
    ],
    [
      'an unknown field named like a secret',
      edited(extractive(), (p) => (p[AWS_KEY] = PASSWD)),
      'schema',
      /field \(root\) has 1 key\(s\) the schema does not define/,
    ],
    [
      'a metric named like a secret',
      edited(extractive(), (p) => (p['metrics'] = { [AWS_KEY]: 'x' })),
      'schema',
      /field metrics\.<key> /,
    ],
  ])('refuses %s, naming the check and never quoting the file', async (_, text, check, why) => {
    const v = refusal(await validateProgramArtifact(text, noLlm));
    expect(v.failed).toBe(check);
    expect(v.reason).toMatch(why);
    const shown = JSON.stringify(v);
    expect(shown).not.toContain(AWS_KEY);
    expect(shown).not.toContain('root:x');
  });

  it('refuses an artifact over the size limit before parsing it', async () => {
    const big = `{"pad": "${'x'.repeat(50 * 1024 * 1024)}"}`;
    const v = refusal(await validateProgramArtifact(big, noLlm));
    expect(v.failed).toBe('size');
    expect(v.reason).toMatch(/52428\d+ bytes, over the 1048576-byte limit/);
    expect(v.checks.map((c) => c.name)).toEqual(['size']);
  });

  it.each([
    ['an email', 'ops-alice@example.com'],
    ['an AWS key id', `prod ${AWS_KEY}`],
    ['a newline', 'two\nlines'],
  ])('refuses a name holding %s without repeating it', async (_, name) => {
    const text = serializeProgram(
      buildProgram({
        name,
        pipeline: 'extractive',
        llm: null,
        retriever: DEFAULT_RETRIEVER,
        seed: 0,
      }),
    );
    const v = refusal(await validateProgramArtifact(text, noLlm));
    expect(v.failed).toBe('name');
    expect(JSON.stringify(v)).not.toContain(name);
  });

  it('refuses demos that were not scrubbed (a program not written by Cited)', async () => {
    const text = edited(dspy(), (p) => {
      const modules = p['modules'] as { reasoner: { demos: unknown[] } };
      modules.reasoner.demos = [
        {
          question: 'Who signed?',
          passages: '[a#0] x',
          answer: 'alice@example.com',
          citations: [],
        },
      ];
    });
    // Re-seal the id so that only the scrub check can catch it.
    const sealed = edited(text, (p) => (p['id'] = computeProgramId(p as unknown as QaProgram)));
    const v = refusal(await validateProgramArtifact(sealed, noLlm));
    expect(v.failed).toBe('scrub');
    expect(v.reason).toMatch(/modules\.reasoner\.demos\.0 holds personal data/);
    expect(JSON.stringify(v)).not.toContain('alice@example.com');
  });

  it('passes an LLM program with no LLM configured as no-dry-run; a server requiring an LLM refuses it', async () => {
    const registry = await validateProgramArtifact(dspy(), noLlm);
    expect(registry.ok).toBe(true);
    if (registry.ok) {
      expect(registry.dryRun).toBe('none');
      expect(validatedTagOf(registry)).toBe('no-dry-run');
    }
    const server = refusal(await validateProgramArtifact(dspy(), { ...noLlm, requireLlm: true }));
    expect(server.failed).toBe('compatibility');
    expect(server.reason).toMatch(/needs an LLM; none is configured/);
  });

  it('dry-runs an LLM program through the LLM: a working model passes, a model that does not follow the format fails', async () => {
    const good = createScriptedLlm({
      respond: (r) =>
        /verdict/i.test(r.system)
          ? 'Verdict: supported'
          : 'Reasoning: the lease says so\nAnswer: 30 days.\nCitations: ["sample-lease#0"]',
    });
    const ok = await validateProgramArtifact(dspy(), { ...noLlm, llm: good.llm, requireLlm: true });
    expect(ok.ok && ok.dryRun).toBe('llm');
    expect(good.requests.length).toBeGreaterThanOrEqual(2);

    const chatty = createScriptedLlm({ respond: () => 'Sure! Happy to help with that.' });
    const v = refusal(
      await validateProgramArtifact(dspy(), { ...noLlm, llm: chatty.llm, requireLlm: true }),
    );
    expect(v.failed).toBe('dry_run_llm');
    expect(v.reason).toMatch(/reasoner: .*did not have the fields/);
  });

  it('dry-runs a baseline program through the LLM and refuses replies that are not its JSON', async () => {
    const baseline = serializeProgram(
      buildProgram({
        name: 'reg-baseline',
        pipeline: 'baseline',
        llm: null,
        retriever: DEFAULT_RETRIEVER,
        seed: 0,
      }),
    );
    const json = createScriptedLlm({
      respond: () => JSON.stringify({ answer: '30 days.', citations: ['sample-lease#0'] }),
    });
    expect((await validateProgramArtifact(baseline, { ...noLlm, llm: json.llm })).ok).toBe(true);
    const prose = createScriptedLlm({ respond: () => 'Thirty days, I think.' });
    const v = refusal(await validateProgramArtifact(baseline, { ...noLlm, llm: prose.llm }));
    expect(v.failed).toBe('dry_run_llm');
    expect(v.reason).toMatch(/not the expected JSON object/);
  });
});
