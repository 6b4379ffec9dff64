import { checkThresholds, parseThresholds } from './fail-under';

describe('--fail-under', () => {
  it('parses metric=value and checks overall and per-split metrics', () => {
    const t = parseThresholds(['token_f1=0.5', 'dev/groundedness=0.9']);
    const r = checkThresholds(t, { token_f1: 0.6 }, { dev: { groundedness: 0.8 } });
    expect(r.map((x) => x.ok)).toEqual([true, false]);
  });
  it('rejects a malformed threshold and an unknown metric', () => {
    expect(() => parseThresholds(['token_f1>0.5'])).toThrow(/does not parse/);
    expect(() => parseThresholds(['token_f2=0.5'])).toThrow(
      "--fail-under: unknown metric 'token_f2'; did you mean token_f1?",
    );
    // Known but not logged by this evaluation (tokens_total needs provider usage).
    expect(() => checkThresholds(parseThresholds(['tokens_total=1']), { token_f1: 1 }, {})).toThrow(
      /no such metric/,
    );
  });
});
