import { RollbackMonitor, type RollbackSettings } from './rollback-monitor';

function monitor(over: Partial<RollbackSettings> = {}) {
  let now = 0;
  const events: string[] = [];
  const m = new RollbackMonitor(
    {
      windowMs: 10_000,
      minRequests: 4,
      threshold: 0.5,
      cooldownMs: 5_000,
      recovery: 'auto',
      ...over,
    },
    { onTrip: () => events.push('trip'), onRestore: (by) => events.push(`restore:${by}`) },
    () => now,
  );
  return { m, events, advance: (ms: number) => (now += ms) };
}

describe('RollbackMonitor', () => {
  it('needs the minimum number of requests and a rate strictly above the threshold', () => {
    const { m, events } = monitor();
    m.record(true);
    m.record(true);
    m.record(true);
    expect(m.isTripped()).toBe(false); // 3 bad of 3, but 3 < minRequests
    m.clear('operator');
    for (const bad of [false, false, false, true, true, true]) m.record(bad);
    expect(m.isTripped()).toBe(false); // 3/6 = 0.5: not above the threshold
    m.record(true); // 4/7
    expect(m.isTripped()).toBe(true);
    expect(events).toEqual(['trip']);
    expect(m.status()).toMatchObject({ active: true, windowRequests: 7 });
  });

  it('auto: returns after the cool-down once bad events left the window', () => {
    const { m, events, advance } = monitor();
    for (let i = 0; i < 4; i++) m.record(true);
    expect(m.isTripped()).toBe(true);
    advance(6_000); // cool-down over, but the window still holds 4 bad events
    expect(m.isTripped()).toBe(true);
    advance(5_000); // window expired
    expect(m.isTripped()).toBe(false);
    expect(events).toEqual(['trip', 'restore:cooldown']);
  });

  it('operator: stays until cleared', () => {
    const { m, events, advance } = monitor({ recovery: 'operator' });
    for (let i = 0; i < 4; i++) m.record(true);
    advance(60_000);
    expect(m.isTripped()).toBe(true);
    expect(m.clear('operator')).toBe(true);
    expect(m.isTripped()).toBe(false);
    expect(events).toEqual(['trip', 'restore:operator']);
  });
});
