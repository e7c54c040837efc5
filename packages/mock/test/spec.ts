import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// biome-ignore lint/suspicious/noExplicitAny: JSON schema objects from the third-party spec.
type Schema = any;

/** The V4 spec: the copy `frameio-spec pull` caches, else the file FRAMEIO_OPENAPI_SPEC names. */
export function loadSpec(): Schema {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const candidates = [resolve(root, '.spec-cache/openapi.json'), process.env.FRAMEIO_OPENAPI_SPEC ?? ''];
  const path = candidates.find((candidate) => candidate !== '' && existsSync(candidate));
  if (!path) {
    throw new Error(
      'No V4 OpenAPI spec: run `pnpm spec:pull` (or set FRAMEIO_OPENAPI_SPEC to a local copy).',
    );
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Checks `value` against the subset of OpenAPI 3.0 schema the V4 response schemas use ($ref, type,
 * properties, required, nullable, items, format uuid); returns the problems found.
 */
export function schemaProblems(spec: Schema, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) {
    const name = String(schema.$ref).replace('#/components/schemas/', '');
    return schemaProblems(spec, spec.components.schemas[name], value, at);
  }
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  const problems: string[] = [];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
      const record = value as Record<string, unknown>;
      for (const name of schema.required ?? [])
        if (!(name in record)) problems.push(`${at}.${name} is missing`);
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (name in record) problems.push(...schemaProblems(spec, property, record[name], `${at}.${name}`));
      }
      return problems;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at} is not an array`];
      return value.flatMap((item, index) => schemaProblems(spec, schema.items, item, `${at}[${index}]`));
    case 'string':
      if (typeof value !== 'string') return [`${at} is not a string`];
      if (
        schema.format === 'uuid' &&
        !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
      ) {
        return [`${at} is not a uuid`];
      }
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at} is not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at} is not a boolean`];
    default:
      return [];
  }
}
