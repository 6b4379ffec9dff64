import { CliError } from '../../cli/cli-error';
import { assertKnownMetricName } from '../../cli/metric-names';

/** Comparison operators a gate may use. */
export type GateOperator = '>=' | '>' | '<=' | '<' | '==';

/** The right-hand side: a number, or the current holder's value plus an offset. */
export type GateOperand = { kind: 'number'; value: number } | { kind: 'current'; offset: number };

/** A parsed `--gate`, e.g. `token_f1>=current-0.01` or `groundedness>=0.9`. */
export interface Gate {
  text: string;
  metric: string;
  operator: GateOperator;
  operand: GateOperand;
}

const GATE_RE =
  /^\s*([A-Za-z][\w./-]*)\s*(>=|<=|==|>|<)\s*(?:(current)\s*(?:([+-])\s*(\d+(?:\.\d+)?|\.\d+))?|(-?(?:\d+(?:\.\d+)?|\.\d+)))\s*$/;

/**
 * Parses a gate expression: `<metric> <op> <number>` or `<metric> <op> current[±<number>]`,
 * with `op` one of `>= > <= < ==`. The operator gives the direction (`latency_p95_ms<=current+50`).
 * @throws CliError `usage` (exit 2) naming the expression and the accepted forms, or naming a
 * metric the CLI never logs (with the closest known name).
 */
export function parseGate(text: string): Gate {
  const m = GATE_RE.exec(text);
  if (!m?.[1] || !m[2])
    throw new CliError(
      'usage',
      `--gate '${text}' does not parse: expected <metric><op><number> or <metric><op>current[+|-<number>], with <op> one of >= > <= < ==, e.g. "token_f1>=current-0.01" or "groundedness>=0.9".`,
    );
  assertKnownMetricName(m[1], '--gate');
  const operator = m[2] as GateOperator;
  if (m[3] === 'current') {
    const offset = m[5] === undefined ? 0 : Number(m[5]) * (m[4] === '-' ? -1 : 1);
    return { text, metric: m[1], operator, operand: { kind: 'current', offset } };
  }
  return { text, metric: m[1], operator, operand: { kind: 'number', value: Number(m[6]) } };
}

/** The outcome of one gate. */
export interface GateResult {
  gate: string;
  passed: boolean;
  candidate: number | null;
  threshold: number | null;
  reason: string;
}

function compare(a: number, op: GateOperator, b: number): boolean {
  switch (op) {
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '==':
      return Math.abs(a - b) < 1e-12;
  }
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));

/**
 * Checks one gate. `current` is null when the alias has no holder yet: gates against
 * `current` then pass. A metric missing from the candidate (or from the holder, for a gate
 * against `current`) fails the gate with that reason.
 */
export function evaluateGate(
  gate: Gate,
  candidate: Record<string, number>,
  current: Record<string, number> | null,
): GateResult {
  const value = candidate[gate.metric];
  if (value === undefined)
    return {
      gate: gate.text,
      passed: false,
      candidate: null,
      threshold: null,
      reason: `the candidate has no logged metric ${gate.metric}`,
    };
  let threshold: number;
  if (gate.operand.kind === 'number') threshold = gate.operand.value;
  else {
    if (current === null)
      return {
        gate: gate.text,
        passed: true,
        candidate: value,
        threshold: null,
        reason: 'no version holds the alias yet: gates against current pass',
      };
    const base = current[gate.metric];
    if (base === undefined)
      return {
        gate: gate.text,
        passed: false,
        candidate: value,
        threshold: null,
        reason: `the current version has no logged metric ${gate.metric}`,
      };
    threshold = base + gate.operand.offset;
  }
  const passed = compare(value, gate.operator, threshold);
  return {
    gate: gate.text,
    passed,
    candidate: value,
    threshold,
    reason: `${gate.metric} = ${fmt(value)} ${passed ? 'satisfies' : 'fails'} ${gate.operator} ${fmt(threshold)}`,
  };
}
