import { formatMetricsTable } from './metrics-report';

describe('formatMetricsTable', () => {
  it('lists the standard metrics first, one column per label', () => {
    const text = formatMetricsTable([
      { label: 'extractive', values: { token_f1: 0.5, exact_match: 0.25, latency_p50_ms: 2 } },
      { label: 'baseline', values: { token_f1: 0.75 } },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^metric\s+extractive\s+baseline$/);
    expect(lines[2]).toMatch(/^exact_match\s+0\.250\s+—$/);
    expect(lines[3]).toMatch(/^token_f1\s+0\.500\s+0\.750$/);
    expect(lines[4]).toMatch(/^latency_p50_ms\s+2\.0\s+—$/);
  });
});
