// Uses @cited/mlflow-client installed alone from a registry (CommonJS and ESM builds). Its
// declarations include the non-finite metric values that once failed with TS1170.
import { MlflowClientError, parseModelUri, splitLogBatch } from '@cited/mlflow-client';

const uri = parseModelUri('models:/cited@production');
check(JSON.stringify(uri).includes('production'), `parseModelUri gave ${JSON.stringify(uri)}`);
const metrics = Array.from({ length: 1500 }, (_, i) => ({
  key: 'f1',
  value: i === 0 ? ('-Infinity' as const) : i / 1500,
  timestamp: 0,
  step: i,
}));
const chunks = splitLogBatch({ metrics, params: [], tags: [] });
check(chunks.length === 2, `1500 metrics split into ${chunks.length} batches`);
try {
  parseModelUri('cited@production');
  check(false, 'a bad URI throws');
} catch (err) {
  check(err instanceof MlflowClientError, 'a bad URI throws MlflowClientError');
}
console.log('mlflow-client ok');

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`consumer check failed: ${what}`);
}
