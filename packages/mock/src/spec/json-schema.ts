import type { OpenApiSchema } from './types.js';

/** A JSON Schema (draft 2019-09) node as ajv takes it. */
export type JsonSchema = { [keyword: string]: unknown };

const COMPONENT_PREFIX = '#/components/schemas/';
const SCHEMA_ID_PREFIX = 'frameio-v4:schemas/';

/**
 * The ajv id of a component schema. `$ref: '#/components/schemas/File'` becomes `$ref: schemaId('File')`, and
 * each component is registered under its id, so the references resolve across schemas.
 */
export function schemaId(name: string): string {
  return `${SCHEMA_ID_PREFIX}${encodeURIComponent(name)}`;
}

/** The component name of an id made by {@link schemaId}, else `undefined`. */
export function componentNameOfId(id: string): string | undefined {
  return id.startsWith(SCHEMA_ID_PREFIX) ? decodeURIComponent(id.slice(SCHEMA_ID_PREFIX.length)) : undefined;
}

/** The component name of a `#/components/schemas/X` reference, or `undefined` for any other reference. */
export function componentName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(COMPONENT_PREFIX)
    ? decodeURIComponent(ref.slice(COMPONENT_PREFIX.length).replaceAll('~1', '/').replaceAll('~0', '~'))
    : undefined;
}

/**
 * Formats ajv checks (ajv-formats' names that the V4 spec uses, plus OpenAPI's numeric ones). Any other
 * `format` (the spec has `datetime`, `mp4`, `HH:MM:SS:FF`) is an annotation the emulator cannot check, so it is
 * dropped rather than failing every schema that uses it.
 */
export const CHECKED_FORMATS = [
  'date',
  'date-time',
  'time',
  'uuid',
  'email',
  'uri',
  'uri-reference',
  'url',
  'hostname',
  'ipv4',
  'ipv6',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
] as const;
const CHECKED_FORMAT_SET: ReadonlySet<string> = new Set(CHECKED_FORMATS);

/** JSON Schema keywords whose value is one schema. */
const SCHEMA_KEYWORDS = new Set(['items', 'not', 'additionalProperties']);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);
/** Keywords copied unchanged: validation keywords OpenAPI 3.0 shares with JSON Schema. */
const COPIED_KEYWORDS = new Set([
  'type',
  'enum',
  'required',
  'minimum',
  'maximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'default',
  'deprecated',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Converts an OpenAPI 3.0 Schema Object to JSON Schema 2019-09 for ajv (OpenAPI 3.0.3 §4.7.24 lists how the
 * two differ):
 *
 * - `$ref: '#/components/schemas/X'` → `$ref: schemaId('X')`; siblings of a `$ref` are ignored, as OpenAPI 3.0
 *   says (§4.7.25), except `nullable`, which spec authors put there meaning "or null";
 * - `nullable: true` → `null` added to `type` (and to `enum`), or `anyOf: [{ type: 'null' }, …]` without a type;
 * - boolean `exclusiveMinimum` / `exclusiveMaximum` (draft 4 style) → the numeric form;
 * - `oneOf` → `anyOf`: the spec's alternatives overlap (both `TimeStamp` branches accept `null`, lax objects
 *   match several branches), so "exactly one" would reject valid data. A `discriminator` with a `mapping`
 *   instead selects the branch from the tag (`type: 'file'` → `FileWithIncludes`), which is both exact and
 *   gives errors about the right branch;
 * - `additionalProperties: false` next to `allOf` / `anyOf` / `oneOf` → `unevaluatedProperties: false`: plain
 *   `additionalProperties` only sees sibling `properties`, so it would reject every property the composed
 *   schemas declare (`FileWithIncludes` is such a schema);
 * - `example`, `discriminator`, `readOnly`, `writeOnly`, `xml`, `externalDocs`, `x-*` and unchecked formats are
 *   dropped.
 */
export function toJsonSchema(schema: OpenApiSchema | undefined): JsonSchema {
  if (!isObject(schema)) return {};
  const nullable = schema.nullable === true;

  const target = componentName(schema.$ref);
  if (typeof schema.$ref === 'string') {
    // Only local component references exist in the V4 spec; anything else cannot be resolved offline.
    const ref: JsonSchema = target !== undefined ? { $ref: schemaId(target) } : {};
    return nullable ? { anyOf: [{ type: 'null' }, ref] } : ref;
  }

  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (COPIED_KEYWORDS.has(keyword)) {
      out[keyword] = value;
    } else if (keyword === 'format') {
      if (typeof value === 'string' && CHECKED_FORMAT_SET.has(value)) out.format = value;
    } else if (keyword === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, toJsonSchema(property as OpenApiSchema)]),
      );
    } else if (SCHEMA_KEYWORDS.has(keyword)) {
      out[keyword] = isObject(value) ? toJsonSchema(value as OpenApiSchema) : value;
    } else if (SCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) {
      out[keyword === 'oneOf' ? 'anyOf' : keyword] = value.map((item) => toJsonSchema(item as OpenApiSchema));
    }
  }

  if (schema.exclusiveMinimum === true && typeof schema.minimum === 'number') {
    out.exclusiveMinimum = schema.minimum;
    delete out.minimum;
  }
  if (schema.exclusiveMaximum === true && typeof schema.maximum === 'number') {
    out.exclusiveMaximum = schema.maximum;
    delete out.maximum;
  }

  applyDiscriminator(schema, out);

  if (out.additionalProperties === false && (out.allOf || out.anyOf || out.oneOf)) {
    delete out.additionalProperties;
    out.unevaluatedProperties = false;
  }

  if (nullable) return withNull(out);
  return out;
}

/** Turns a `oneOf` + `discriminator.mapping` into "the tag is one of the mapping's keys, and its schema applies". */
function applyDiscriminator(schema: OpenApiSchema, out: JsonSchema): void {
  const discriminator = schema.discriminator;
  if (!isObject(discriminator) || typeof discriminator.propertyName !== 'string') return;
  const branches = Array.isArray(schema.oneOf)
    ? schema.oneOf
    : Array.isArray(schema.anyOf)
      ? schema.anyOf
      : [];
  const mapping = new Map<string, string>();
  if (isObject(discriminator.mapping)) {
    for (const [tag, ref] of Object.entries(discriminator.mapping)) {
      const name = componentName(ref) ?? (typeof ref === 'string' ? ref : undefined);
      if (name !== undefined) mapping.set(tag, name);
    }
  }
  // Without an explicit mapping, the tag value is the schema name (OpenAPI 3.0.3 §4.7.25, Discriminator Object).
  for (const branch of branches) {
    const name = isObject(branch) ? componentName(branch.$ref) : undefined;
    if (name !== undefined && ![...mapping.values()].includes(name)) mapping.set(name, name);
  }
  if (mapping.size === 0) return;
  const property = discriminator.propertyName;
  delete out.anyOf;
  delete out.oneOf;
  const tags = [...mapping.keys()];
  out.type = 'object';
  out.required = [...new Set([...((out.required as string[] | undefined) ?? []), property])];
  out.properties = { ...((out.properties as JsonSchema | undefined) ?? {}), [property]: { enum: tags } };
  out.allOf = [
    ...((out.allOf as JsonSchema[] | undefined) ?? []),
    ...tags.map((tag) => ({
      if: { properties: { [property]: { const: tag } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited.
      then: { $ref: schemaId(mapping.get(tag) as string) },
    })),
  ];
}

/** `schema` or `null`. */
function withNull(schema: JsonSchema): JsonSchema {
  const type = schema.type;
  if (typeof type === 'string' && !schema.allOf && !schema.anyOf) {
    const out: JsonSchema = { ...schema, type: [type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
    return out;
  }
  return { anyOf: [{ type: 'null' }, schema] };
}
