import { configRows, formatConfigTable } from './config-table';

describe('config table', () => {
  const described = {
    mlflow: { trackingUri: 'http://127.0.0.1:5000', token: 'unset' },
    llm: null,
    runner: { experimentName: 'cited', tags: ['a', 'b'] },
  };

  it('flattens sections into dotted settings, in order', () => {
    expect(configRows(described)).toEqual([
      { setting: 'mlflow.trackingUri', value: 'http://127.0.0.1:5000' },
      { setting: 'mlflow.token', value: 'unset' },
      { setting: 'llm', value: 'not configured' },
      { setting: 'runner.experimentName', value: 'cited' },
      { setting: 'runner.tags', value: 'a, b' },
    ]);
  });

  it('prints aligned columns under a header, not JSON', () => {
    const lines = formatConfigTable(described).split('\n');
    expect(lines[0]).toBe('setting                value');
    expect(lines[2]).toBe('mlflow.trackingUri     http://127.0.0.1:5000');
    expect(lines).toHaveLength(7);
    expect(formatConfigTable(described)).not.toContain('{');
  });
});
