import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClient, uniqueName } from '../../test-fixtures/test-server';
import { fromKeyValues } from '../client/paging';

describe('registry and LoggedModels against a real MLflow server', () => {
  const client = testClient();
  let dir: string;
  let expId: string;
  let runId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlflow-reg-'));
    expId = await client.experiments.getOrCreate(uniqueName('registry'));
    runId = (await client.runs.create({ experimentId: expId })).info.runId;
    await client.artifacts.uploadBuffer({ runId }, 'program-v1', 'program/program.json');
    await client.artifacts.uploadBuffer({ runId }, 'name: cited', 'program/MLmodel');
  });
  afterAll(async () => {
    client.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registered models: create, get, search with paging, tags, description', async () => {
    const prefix = uniqueName('rm');
    for (let i = 0; i < 3; i++)
      await client.registry.createModel(`${prefix}-${i}`, { tags: { i: String(i) } });
    const page = await client.registry.searchModels({
      filter: `name LIKE '${prefix}-%'`,
      maxResults: 2,
    });
    expect(page.items).toHaveLength(2);
    expect(page.nextPageToken).toBeTruthy();
    const all = await client.registry.searchAllModels({
      filter: `name LIKE '${prefix}-%'`,
      maxResults: 2,
    });
    expect(all.map((m) => m.name).sort()).toEqual([0, 1, 2].map((i) => `${prefix}-${i}`));
    const name = `${prefix}-0`;
    await client.registry.setModelDescription(name, 'the cited program');
    await client.registry.setModelTag(name, 'owner', 'qa');
    await client.registry.deleteModelTag(name, 'i');
    const got = await client.registry.getModel(name);
    expect(got.description).toBe('the cited program');
    expect(fromKeyValues(got.tags)).toEqual({ owner: 'qa' });
    await expect(client.registry.createModel(name)).rejects.toMatchObject({
      code: 'conflict',
      errorCode: 'RESOURCE_ALREADY_EXISTS',
    });
  });

  it('versions from runs:/ and from a LoggedModel, aliases that move, URIs, downloads', async () => {
    const name = uniqueName('cited');
    await client.registry.createModel(name);
    const v1 = await client.registry.createVersionFromRun(name, runId, 'program', {
      tags: { stage: 'candidate' },
    });
    expect(v1).toMatchObject({ version: '1', status: 'READY', runId });

    const lm = await client.loggedModels.create({
      experimentId: expId,
      name: 'program',
      sourceRunId: runId,
      params: { k: '3' },
      tags: { kind: 'ax' },
    });
    expect(lm.info.status).toBe('LOGGED_MODEL_PENDING');
    await client.artifacts.uploadBuffer(
      { artifactUri: lm.info.artifactUri ?? '' },
      'program-v2',
      'program.json',
    );
    const ready = await client.loggedModels.finalize(lm.info.modelId);
    expect(ready.info.status).toBe('LOGGED_MODEL_READY');
    expect((await client.loggedModels.get(lm.info.modelId)).data.params).toEqual([
      { key: 'k', value: '3' },
    ]);
    const found = await client.loggedModels.searchAll({
      experimentIds: [expId],
      filter: "name = 'program'",
    });
    expect(found.map((m) => m.info.modelId)).toEqual([lm.info.modelId]);

    const v2 = await client.registry.createVersionFromLoggedModel(name, lm.info.modelId);
    expect(v2).toMatchObject({
      version: '2',
      status: 'READY',
      source: `models:/${lm.info.modelId}`,
    });
    await client.registry.setVersionTag(name, '2', 'validated', 'true');

    await client.registry.setAlias(name, 'production', '1');
    await client.registry.setAlias(name, 'challenger', '2');
    expect((await client.registry.resolveModelUri(`models:/${name}@production`)).version).toBe('1');
    await client.registry.setAlias(name, 'production', '2');
    const prod = await client.registry.resolveModelUri(`models:/${name}@production`);
    expect(prod.version).toBe('2');
    expect(prod.aliases.sort()).toEqual(['challenger', 'production']);
    expect(fromKeyValues(prod.tags)).toMatchObject({ validated: 'true' });
    expect((await client.registry.resolveModelUri(`models:/${name}/1`)).aliases).toEqual([]);
    expect((await client.registry.getVersion(name, '2')).aliases.sort()).toEqual([
      'challenger',
      'production',
    ]);
    await client.registry.deleteAlias(name, 'challenger');
    await expect(client.registry.getVersionByAlias(name, 'challenger')).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(client.registry.setAlias(name, 'latest', '1')).rejects.toMatchObject({
      code: 'invalid_argument',
    });

    const versions = await client.registry.searchAllVersions({
      filter: `name = '${name}'`,
      maxResults: 1,
    });
    expect(versions.map((v) => v.version).sort()).toEqual(['1', '2']);

    expect(
      await client.registry.downloadVersion(`models:/${name}@production`, join(dir, 'prod')),
    ).toBe(1);
    expect(await readFile(join(dir, 'prod', 'program.json'), 'utf8')).toBe('program-v2');
    expect(await client.registry.downloadVersion(name, '1', join(dir, 'v1'))).toBe(2);
    expect(await readFile(join(dir, 'v1', 'program.json'), 'utf8')).toBe('program-v1');
  });

  it('rejects malformed models:/ URIs', async () => {
    await expect(client.registry.resolveModelUri('runs:/x/y')).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(client.registry.resolveModelUri('models:/name/abc')).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});
