import { MlflowClientError } from '../errors/mlflow-client-error';

/** A parsed `models:/` URI. */
export type ModelUri =
  | { kind: 'alias'; name: string; alias: string }
  | { kind: 'version'; name: string; version: string }
  | { kind: 'loggedModel'; modelId: string };

/**
 * Parses `models:/<name>@<alias>`, `models:/<name>/<version>` and `models:/<model_id>`
 * (MLflow 3 LoggedModel ids start with `m-`).
 */
export function parseModelUri(uri: string): ModelUri {
  const m = /^models:\/(?!\/)(.+)$/.exec(uri);
  const rest = m?.[1];
  const bad = () =>
    new MlflowClientError('invalid_argument', `'${uri}' is not a models:/ URI.`, {
      fix: 'Use models:/<name>@<alias>, models:/<name>/<version> or models:/<model_id>.',
    });
  if (rest === undefined) throw bad();
  const at = rest.lastIndexOf('@');
  if (at > 0) {
    const alias = rest.slice(at + 1);
    if (!/^[\w-]+$/.test(alias)) throw bad();
    return { kind: 'alias', name: decodeURIComponent(rest.slice(0, at)), alias };
  }
  const slash = rest.lastIndexOf('/');
  if (slash > 0) {
    const version = rest.slice(slash + 1);
    if (!/^\d+$/.test(version)) throw bad();
    return { kind: 'version', name: decodeURIComponent(rest.slice(0, slash)), version };
  }
  if (/^m-[0-9a-f]+$/.test(rest)) return { kind: 'loggedModel', modelId: rest };
  throw bad();
}
