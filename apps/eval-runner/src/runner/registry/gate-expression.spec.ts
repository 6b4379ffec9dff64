import { evaluateGate, parseGate } from './gate-expression';

describe('parseGate', () => {
  it.each([
    [
      'token_f1>=current-0.01',
      { metric: 'token_f1', operator: '>=', operand: { kind: 'current', offset: -0.01 } },
    ],
    [
      'groundedness >= 0.9',
      { metric: 'groundedness', operator: '>=', operand: { kind: 'number', value: 0.9 } },
    ],
    [
      'latency_p95_ms<=current+50',
      { metric: 'latency_p95_ms', operator: '<=', operand: { kind: 'current', offset: 50 } },
    ],
    [
      'dev/token_f1>current',
      { metric: 'dev/token_f1', operator: '>', operand: { kind: 'current', offset: 0 } },
    ],
    [
      'hallucination_rate<.05',
      { metric: 'hallucination_rate', operator: '<', operand: { kind: 'number', value: 0.05 } },
    ],
  ])('parses %s', (text, expected) => {
    expect(parseGate(text)).toMatchObject(expected);
  });

  it.each([
    'token_f1',
    'token_f1=>0.5',
    '>=0.5',
    'token_f1>=currentx',
    'token_f1>=current*2',
    'token_f1>=0.5;rm',
  ])('rejects %s with a usage error naming the expression', (text) => {
    expect(() => parseGate(text)).toThrow(
      expect.objectContaining({
        code: 'usage',
        message: expect.stringContaining(`'${text}' does not parse`),
      }),
    );
  });
});

describe('evaluateGate', () => {
  const gate = parseGate('token_f1>=current-0.01');
  it('passes within the tolerance and fails below it', () => {
    expect(evaluateGate(gate, { token_f1: 0.795 }, { token_f1: 0.8 }).passed).toBe(true);
    const r = evaluateGate(gate, { token_f1: 0.7 }, { token_f1: 0.8 });
    expect(r.passed).toBe(false);
    expect(r.reason).toBe('token_f1 = 0.7000 fails >= 0.7900');
  });
  it('passes gates against current when no version holds the alias', () => {
    expect(evaluateGate(gate, { token_f1: 0.1 }, null)).toMatchObject({ passed: true });
  });
  it('fails when the candidate or the holder lacks the metric', () => {
    expect(evaluateGate(gate, {}, { token_f1: 1 })).toMatchObject({
      passed: false,
      reason: 'the candidate has no logged metric token_f1',
    });
    expect(evaluateGate(gate, { token_f1: 1 }, {})).toMatchObject({ passed: false });
  });
  it('honours the operator direction', () => {
    expect(
      evaluateGate(
        parseGate('latency_p95_ms<=current+50'),
        { latency_p95_ms: 140 },
        { latency_p95_ms: 100 },
      ).passed,
    ).toBe(true);
    expect(
      evaluateGate(
        parseGate('latency_p95_ms<=current+50'),
        { latency_p95_ms: 151 },
        { latency_p95_ms: 100 },
      ).passed,
    ).toBe(false);
  });
});
