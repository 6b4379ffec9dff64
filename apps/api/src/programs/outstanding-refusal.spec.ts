import { OutstandingRefusal } from './outstanding-refusal';
import type { ProgramSource, RefusedProgram } from './serving-program';

const AT = '2026-12-01T10:00:00.000Z';

function refusal(source: ProgramSource, version: string | null = null): RefusedProgram {
  return {
    source,
    location: `${source}:${version ?? '-'}`,
    version,
    at: AT,
    reason: 'x',
    checks: [],
  };
}

describe('OutstandingRefusal', () => {
  it('a refused file, registry version or cache entry stands until a program serves; a default never does', () => {
    for (const source of ['file', 'registry', 'cache'] as const) {
      const s = new OutstandingRefusal();
      const r = refusal(source, source === 'registry' ? '7' : null);
      s.refused(r);
      expect(s.get()).toBe(r);
      s.served();
      expect(s.get()).toBeNull();
    }
    const d = new OutstandingRefusal();
    d.refused(refusal('default'));
    expect(d.get()).toBeNull();
  });

  it('the alias back on the serving version settles it; back on the refused version, it stands again', () => {
    const s = new OutstandingRefusal();
    const bad = refusal('registry', '3');
    s.refused(bad);
    s.aliasOnServing();
    expect(s.get()).toBeNull();
    expect(s.alreadyRefused('2')).toBe(false);
    expect(s.get()).toBeNull();
    for (let i = 0; i < 3; i++) {
      expect(s.alreadyRefused('3')).toBe(true);
      expect(s.get()).toBe(bad);
      s.aliasOnServing();
      expect(s.get()).toBeNull();
    }
  });

  it('once another program serves, the refused version is no longer known (it is downloaded again)', () => {
    const s = new OutstandingRefusal();
    s.refused(refusal('registry', '3'));
    s.served();
    expect(s.alreadyRefused('3')).toBe(false);
    expect(s.get()).toBeNull();
  });
});
