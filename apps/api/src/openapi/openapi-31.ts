/** The OpenAPI version the served document declares; its schemas use JSON Schema 2020-12. */
export const OPENAPI_VERSION = '3.1.0';

type Node = Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One schema node, with OpenAPI 3.0's `nullable` turned into a JSON Schema `null` type. */
function convertNullable(node: Node): Node {
  const nullable = node['nullable'];
  if (nullable === undefined) return node;
  const { nullable: _dropped, ...rest } = node;
  if (nullable !== true) return rest;
  if (Array.isArray(rest['enum']) && !rest['enum'].includes(null))
    rest['enum'] = [...rest['enum'], null];
  const type = rest['type'];
  if (typeof type === 'string') return { ...rest, type: [type, 'null'] };
  if (Array.isArray(type))
    return type.includes('null') ? rest : { ...rest, type: [...type, 'null'] };
  // A `$ref` or a composition: null is one more alternative.
  return { anyOf: [rest, { type: 'null' }] };
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (!isNode(value)) return value;
  const out: Node = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v);
  return convertNullable(out);
}

/**
 * Makes a generated document OpenAPI 3.1: declares {@link OPENAPI_VERSION} and rewrites the
 * 3.0-only `nullable` keyword (which @nestjs/swagger and nestjs-zod still emit for some nullable
 * objects and enums) into 3.1's `type: [..., "null"]`, so the declared version matches the
 * syntax every schema uses. Key order is kept.
 */
export function toOpenApi31<T extends { openapi: string }>(doc: T): T {
  const converted = walk(doc) as T;
  converted.openapi = OPENAPI_VERSION;
  return converted;
}
