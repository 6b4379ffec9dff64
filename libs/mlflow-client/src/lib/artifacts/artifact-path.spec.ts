import { parseModelUri } from '../registry/model-uri';
import { fromWire, toWire } from '../endpoints/case-mapping';
import { proxyRootOf, validateArtifactPath } from './artifact-path';

describe('artifact paths, URIs and wire names', () => {
  it('normalizes safe relative paths and rejects traversal, absolute paths and NUL', () => {
    expect(validateArtifactPath('a/./b//c.txt')).toBe('a/b/c.txt');
    expect(validateArtifactPath('')).toBe('');
    for (const bad of ['/abs', '..', 'a/../b', 'a\0', 'C:/x', '\\\\host\\x', 'a\\b'])
      expect(() => validateArtifactPath(bad)).toThrow(/artifact path/);
  });

  it('maps mlflow-artifacts URIs to proxy paths', () => {
    expect(proxyRootOf('mlflow-artifacts:/1/abc/artifacts')).toBe('1/abc/artifacts');
    expect(proxyRootOf('mlflow-artifacts://host:5000/1/models/m-1/artifacts')).toBe(
      '1/models/m-1/artifacts',
    );
    expect(() => proxyRootOf('s3://bucket/x')).toThrow(/--artifacts-destination/);
    expect(() => proxyRootOf('mlflow-artifacts:/1/../../etc')).toThrow(/\.\./);
  });

  it('parses models:/ URIs', () => {
    expect(parseModelUri('models:/cited@production')).toEqual({
      kind: 'alias',
      name: 'cited',
      alias: 'production',
    });
    expect(parseModelUri('models:/cited/3')).toEqual({
      kind: 'version',
      name: 'cited',
      version: '3',
    });
    expect(parseModelUri('models:/m-0123abcd')).toEqual({
      kind: 'loggedModel',
      modelId: 'm-0123abcd',
    });
    expect(() => parseModelUri('models:/cited')).toThrow(/not a models/);
  });

  it('renames keys both ways but never values', () => {
    const wire = toWire({ runId: 'r', tags: [{ key: 'myKey', value: 'someValue' }] });
    expect(wire).toEqual({ run_id: 'r', tags: [{ key: 'myKey', value: 'someValue' }] });
    expect(fromWire({ next_page_token: 't', run_info: { end_time: 1 } })).toEqual({
      nextPageToken: 't',
      runInfo: { endTime: 1 },
    });
  });
});
