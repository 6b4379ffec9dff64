import { PROGRAM_ARTIFACT_DIR, PROGRAM_ARTIFACT_PATH } from '@cited/dspy-pipeline';
import { editedProgramJson, sampleProgramJson } from '@cited/dspy-pipeline/testing';
import { fromKeyValues, type MlflowClient } from '@cited/mlflow-client';
import { cli, isolatedEnv, testMlflowClient } from '../test-fixtures/cli-harness';
import { startLlmStub } from '../test-fixtures/llm-stub';

jest.setTimeout(120_000);

const extractive = (name: string) => sampleProgramJson('extractive', name);
const dspy = (name: string) => sampleProgramJson('dspy', name);
const edited = editedProgramJson;

describe('only validated programs move aliases (real MLflow server)', () => {
  const env = isolatedEnv('safety');
  const model = env['CITED_MODEL_NAME'] as string;
  let client: MlflowClient;
  let experimentId = '';

  /** A run holding `text` as its program artifact, as a broken or hostile eval run would. */
  async function runWith(text: string): Promise<string> {
    const run = await client.runs.create({ experimentId, runName: 'safety' });
    await client.artifacts.uploadBuffer({ runId: run.info.runId }, text, PROGRAM_ARTIFACT_PATH);
    return run.info.runId;
  }

  /** A version registered the way Cited did before validation existed: no `cited.validated` tag. */
  async function legacyVersion(text: string): Promise<string> {
    const runId = await runWith(text);
    try {
      await client.registry.createModel(model);
    } catch {
      // Exists already.
    }
    return (await client.registry.createVersionFromRun(model, runId, PROGRAM_ARTIFACT_DIR)).version;
  }

  async function tagsOf(version: string): Promise<Record<string, string>> {
    return fromKeyValues((await client.registry.getVersion(model, version)).tags);
  }

  beforeAll(async () => {
    client = testMlflowClient();
    experimentId = await client.experiments.getOrCreate(`${model}-runs`);
  });
  afterAll(() => client.close());

  it.each([
    ['a malformed program', '{"format": "cited.qa-program", "schemaVersion": 1', /schema/],
    [
      'a newer schema version',
      edited(extractive('newer'), (p) => (p['schemaVersion'] = 2)),
      /schemaVersion 2 is newer/,
    ],
    [
      'a wrong id',
      edited(extractive('wrong-id'), (p) => (p['id'] = '0123456789ab')),
      /does not match its content/,
    ],
    [
      'a 50 MB file',
      `{"pad": "${'x'.repeat(50 * 1024 * 1024)}"}`,
      /\(size\).*over the 1048576-byte limit/,
    ],
    ['a name holding an email', extractive('ops-alice@example.com'), /\(name\)/],
  ])(
    'register refuses %s with exit 2 and the reason; nothing is registered',
    async (_, text, why) => {
      const runId = await runWith(text);
      const r = await cli(['register', '--run', runId, '--model', model, '--json'], env);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/program refused/);
      expect(r.err).toMatch(why);
      expect(r.err).not.toContain('alice@example.com');
      const versions = await client.registry
        .searchAllVersions({ filter: `name='${model}'` })
        .catch(() => []);
      expect(versions.filter((v) => v.runId === runId)).toEqual([]);
    },
  );

  it('register tags a validated program; an LLM program without an LLM is no-dry-run and promote needs --allow-no-dry-run', async () => {
    const good = await cli(
      ['register', '--run', await runWith(extractive('good-one')), '--model', model, '--json'],
      env,
    );
    expect(good.code).toBe(0);
    const g = good.json<{ version: string; validated: string; checks: { name: string }[] }>();
    expect(g.validated).toBe('true');
    expect(g.checks.map((c) => c.name)).toContain('dry_run_sample');
    expect(await tagsOf(g.version)).toMatchObject({ 'cited.validated': 'true' });

    const llm = await cli(
      ['register', '--run', await runWith(dspy('dspy-no-llm')), '--model', model, '--json'],
      env,
    );
    expect(llm.code).toBe(0);
    const d = llm.json<{ version: string; validated: string }>();
    expect(d.validated).toBe('no-dry-run');
    expect(await tagsOf(d.version)).toMatchObject({ 'cited.validated': 'no-dry-run' });

    const refused = await cli(['promote', '--model', model, '--version', d.version], env);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/without an LLM dry run.*--allow-no-dry-run/);
    await expect(client.registry.getVersionByAlias(model, 'production')).rejects.toThrow();

    const first = await cli(['promote', '--model', model, '--version', g.version, '--json'], env);
    expect(first.code).toBe(0);
    const allowed = await cli(
      ['promote', '--model', model, '--version', d.version, '--allow-no-dry-run', '--json'],
      env,
    );
    expect(allowed.code).toBe(0);
    expect(allowed.json()).toMatchObject({
      promoted: true,
      validated: 'no-dry-run',
      lastKnownGood: g.version,
    });
    // Back to the extractive version for the next tests.
    expect((await cli(['rollback', '--model', model], env)).code).toBe(0);
  });

  it('with an LLM configured, register dry-runs an LLM program through it: validated true, or refused when the LLM does not follow the format', async () => {
    const { stub, env: llm } = await startLlmStub();
    try {
      const ok = await cli(
        ['register', '--run', await runWith(dspy('dspy-with-llm')), '--model', model, '--json'],
        { ...env, ...llm },
      );
      expect(ok.code).toBe(0);
      expect(ok.json()).toMatchObject({ validated: 'true' });
      expect(stub.requests.length).toBeGreaterThanOrEqual(2);
    } finally {
      await stub.close();
    }
    const { stub: chatty, env: chattyEnv } = await startLlmStub({
      reply: () => 'Happy to help! What else would you like to know?',
    });
    try {
      const r = await cli(
        ['register', '--run', await runWith(dspy('dspy-chatty')), '--model', model],
        { ...env, ...chattyEnv },
      );
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/program refused \(dry_run_llm\): dry run failed/);
    } finally {
      await chatty.close();
    }
  });

  it('promote re-validates a version registered before validation: a broken one is refused and tagged false', async () => {
    const broken = await legacyVersion(
      edited(extractive('legacy-broken'), (p) => (p['id'] = 'ffffffffffff')),
    );
    const r = await cli(['promote', '--model', model, '--version', broken], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/failed validation \(schema: .*does not match its content/);
    expect(await tagsOf(broken)).toMatchObject({ 'cited.validated': 'false' });

    const fine = await legacyVersion(extractive('legacy-fine'));
    const ok = await cli(['promote', '--model', model, '--version', fine, '--json'], env);
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/registered without validation/);
    expect(await tagsOf(fine)).toMatchObject({ 'cited.validated': 'true' });
  });

  it('a version with a literal runs:/ source (MLflow low-level client) is read from its run and validated', async () => {
    const rawVersion = async (text: string) => {
      const runId = await runWith(text);
      return (
        await client.registry.createVersion(model, `runs:/${runId}/${PROGRAM_ARTIFACT_DIR}`, {
          runId,
        })
      ).version;
    };
    const broken = await rawVersion(
      edited(extractive('raw-broken'), (p) => (p['schemaVersion'] = 7)),
    );
    const r = await cli(['promote', '--model', model, '--version', broken], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/failed validation \(schema: .*schemaVersion 7 is newer/);
    expect(await tagsOf(broken)).toMatchObject({ 'cited.validated': 'false' });

    const fine = await rawVersion(extractive('raw-fine'));
    const ok = await cli(['promote', '--model', model, '--version', fine, '--json'], env);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ promoted: true, version: fine, validated: 'true' });
  });

  it('last-known-good never lands on a version that is not validated, and rollback refuses one, naming a validated version', async () => {
    // Production on a broken legacy version (set by hand, as before this change).
    const broken = await legacyVersion(
      edited(extractive('prod-broken'), (p) => (p['schemaVersion'] = 9)),
    );
    await client.registry.setAlias(model, 'production', broken);
    const lkgBefore = (await client.registry.getVersionByAlias(model, 'last-known-good')).version;
    const next = await cli(
      ['register', '--run', await runWith(extractive('after-broken')), '--model', model, '--json'],
      env,
    );
    const version = next.json<{ version: string }>().version;
    const p = await cli(['promote', '--model', model, '--version', version, '--json'], env);
    expect(p.code).toBe(0);
    expect(p.json()).toMatchObject({ promoted: true, previous: broken, lastKnownGood: null });
    expect(p.err).toMatch(/is not validated .*last-known-good stays where it was/);
    expect((await client.registry.getVersionByAlias(model, 'last-known-good')).version).toBe(
      lkgBefore,
    );

    // A hand-set last-known-good on the broken version: rollback refuses it.
    await client.registry.setAlias(model, 'last-known-good', broken);
    const rb = await cli(['rollback', '--model', model, '--json'], env);
    expect(rb.code).toBe(2);
    expect(rb.err).toMatch(new RegExp(`version ${broken} \\(last-known-good\\) failed validation`));
    expect(rb.err).toMatch(/The newest validated version is \d+: npx eval-runner promote/);
    expect((await client.registry.getVersionByAlias(model, 'production')).version).toBe(version);
  });

  it('promote and rollback show when an API served the version (cited.served_at)', async () => {
    const a = (
      await cli(
        ['register', '--run', await runWith(extractive('served-a')), '--model', model, '--json'],
        env,
      )
    ).json<{ version: string }>().version;
    const b = (
      await cli(
        ['register', '--run', await runWith(extractive('served-b')), '--model', model, '--json'],
        env,
      )
    ).json<{ version: string }>().version;
    expect((await cli(['promote', '--model', model, '--version', a], env)).code).toBe(0);
    // What the API writes when it starts serving a version.
    await client.registry.setVersionTag(model, a, 'cited.served_at', '2026-12-01T10:00:00.000Z');
    const p = await cli(['promote', '--model', model, '--version', b, '--json'], env);
    expect(p.json()).toMatchObject({
      servedAt: null,
      previousServedAt: '2026-12-01T10:00:00.000Z',
    });
    expect(p.err).toMatch(/was version \d+, served by an API since 2026-12-01T10:00:00.000Z/);
    const rb = await cli(['rollback', '--model', model, '--json'], env);
    expect(rb.code).toBe(0);
    expect(rb.json()).toMatchObject({
      rolledBack: true,
      version: a,
      servedAt: '2026-12-01T10:00:00.000Z',
    });
  });
});
