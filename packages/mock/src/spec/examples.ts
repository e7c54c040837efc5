import { operationDetails } from './data.js';
import { componentName } from './json-schema.js';
import type { OpenApiSchema } from './types.js';
import { resolveSchema, validateResponse } from './validator.js';

/** A response the emulator can send for an operation it has no state for. */
export interface ExampleResponse {
  /** The operation's first declared 2xx status (200, 201, 202 or 204 in V4). */
  status: number;
  /** The JSON body; `undefined` for a response without content (204). */
  body: unknown;
}

/** Optional response properties are filled this deep (the body is depth 0); deeper, only required ones. */
const RESPONSE_OPTIONAL_DEPTH = 4;
/** How deep the synthesiser goes at all; below, a nullable value is `null` and a list is empty. */
const MAX_DEPTH = 12;
/** The instant every synthesised timestamp shows. */
const EXAMPLE_INSTANT = '2024-01-01T00:00:00.000Z';

interface Synthesis {
  /** Counter behind the deterministic uuids `00000000-0000-4000-8000-000000000001`, … */
  uuids: number;
  /** Component schemas being built, to stop on recursive schemas (a comment's replies are comments). */
  readonly stack: string[];
  /** Optional properties are filled above this depth only. */
  readonly optionalDepth: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nextUuid(state: Synthesis): string {
  state.uuids += 1;
  return `00000000-0000-4000-8000-${state.uuids.toString(16).padStart(12, '0')}`;
}

function matchesPattern(value: string, pattern: unknown): boolean {
  if (typeof pattern !== 'string') return true;
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true;
  }
}

function synthString(schema: OpenApiSchema, state: Synthesis): string {
  const format = schema.format;
  const candidates: string[] = [];
  if (format === 'uuid') candidates.push(nextUuid(state));
  else if (format === 'date-time') candidates.push(EXAMPLE_INSTANT);
  else if (format === 'date') candidates.push(EXAMPLE_INSTANT.slice(0, 10));
  else if (format === 'uri' || format === 'url' || format === 'uri-reference')
    candidates.push('https://example.com/');
  else if (format === 'email') candidates.push('user@example.com');
  if (typeof schema.example === 'string') candidates.push(schema.example);
  if (typeof schema.pattern === 'string') candidates.push(nextUuid(state));
  candidates.push('example');
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const chosen =
    candidates.find(
      (value) =>
        value.length >= minLength && value.length <= maxLength && matchesPattern(value, schema.pattern),
    ) ?? 'example';
  return chosen.padEnd(minLength, 'x').slice(0, Math.max(minLength, Math.min(maxLength, chosen.length)));
}

function synthNumber(schema: OpenApiSchema, integer: boolean): number {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const low = minimum === undefined ? undefined : schema.exclusiveMinimum === true ? minimum + 1 : minimum;
  const high = maximum === undefined ? undefined : schema.exclusiveMaximum === true ? maximum - 1 : maximum;
  const fits = (value: number) =>
    (!integer || Number.isInteger(value)) &&
    (low === undefined || value >= low) &&
    (high === undefined || value <= high);
  for (const candidate of [schema.example, schema.default, low, 1, 0, high]) {
    if (typeof candidate === 'number' && fits(candidate)) return candidate;
  }
  return low ?? 0;
}

/**
 * A value that satisfies `schema`, built the same way every time: the schema's `example` for scalars when it
 * fits, the first `enum` value, deterministic uuids, a fixed date, arrays of one item, required properties
 * plus the optional ones near the root, the first alternative of a `oneOf` (the first tag of a discriminator).
 * `undefined` when nothing can be built (a required recursive value deeper than the limit).
 */
function synthesize(schema: OpenApiSchema | undefined, state: Synthesis, depth: number): unknown {
  if (!isObject(schema)) return {};
  if (typeof schema.$ref === 'string') {
    const name = componentName(schema.$ref);
    const target = resolveSchema(schema);
    if (name === undefined || target === undefined) return {};
    // A schema met twice on the way down is recursive: stop, and let the caller leave it out or empty.
    if (state.stack.includes(name)) return schema.nullable === true ? null : undefined;
    state.stack.push(name);
    try {
      const value = synthesize(target, state, depth);
      return value === undefined && schema.nullable === true ? null : value;
    } finally {
      state.stack.pop();
    }
  }
  if (depth > MAX_DEPTH) return schema.nullable === true ? null : schema.type === 'array' ? [] : undefined;

  if (Array.isArray(schema.enum)) {
    const value = schema.enum.find((item) => item !== null);
    return value === undefined ? null : value;
  }

  const discriminator = schema.discriminator;
  const branches = (
    Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : []
  ) as OpenApiSchema[];
  if (
    isObject(discriminator) &&
    typeof discriminator.propertyName === 'string' &&
    isObject(discriminator.mapping)
  ) {
    const [tag, ref] = Object.entries(discriminator.mapping)[0] ?? [];
    if (tag !== undefined && typeof ref === 'string') {
      const value = synthesize({ $ref: ref }, state, depth);
      return isObject(value) ? { ...value, [discriminator.propertyName]: tag } : value;
    }
  }
  if (branches.length > 0) {
    for (const branch of branches) {
      const value = synthesize(branch, state, depth);
      if (value !== undefined && value !== null) return value;
    }
    return schema.nullable === true ? null : undefined;
  }

  if (Array.isArray(schema.allOf)) {
    let merged: unknown;
    for (const member of schema.allOf as OpenApiSchema[]) {
      const value = synthesize(member, state, depth);
      if (value === undefined) return undefined;
      merged = isObject(merged) && isObject(value) ? { ...merged, ...value } : value;
    }
    if (schema.properties) {
      const own = synthesize({ ...schema, allOf: undefined }, state, depth);
      if (isObject(merged) && isObject(own)) merged = { ...merged, ...own };
    }
    return merged;
  }

  switch (schema.type) {
    case 'string':
      return synthString(schema, state);
    case 'integer':
      return synthNumber(schema, true);
    case 'number':
      return synthNumber(schema, false);
    case 'boolean':
      return typeof schema.example === 'boolean'
        ? schema.example
        : typeof schema.default === 'boolean'
          ? schema.default
          : false;
    case 'array': {
      const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
      const count = Math.min(Math.max(minItems, 1), maxItems);
      const fromExample = exampleItems(schema, count);
      if (fromExample) return fromExample;
      const items: unknown[] = [];
      for (let index = 0; index < count; index++) {
        const item = synthesize(schema.items as OpenApiSchema | undefined, state, depth + 1);
        if (item === undefined) return minItems === 0 ? [] : undefined;
        items.push(schema.uniqueItems === true ? distinct(item, items, state) : item);
      }
      return items;
    }
    default:
      return synthObject(schema, state, depth);
  }
}

/**
 * The first `count` items of an array schema's `example` when they are scalars of the item type (webhook
 * `events` then reads `['file.created']`, not a made-up name), else `undefined`.
 */
function exampleItems(schema: OpenApiSchema, count: number): unknown[] | undefined {
  if (!Array.isArray(schema.example) || schema.example.length < count) return undefined;
  const itemSchema = resolveSchema(schema.items as OpenApiSchema | undefined);
  const type = itemSchema?.type;
  const allowed = Array.isArray(itemSchema?.enum) ? itemSchema.enum : undefined;
  const items = schema.example.slice(0, count);
  const fits = (item: unknown) =>
    (type === 'string' || type === 'boolean' || type === 'number') && typeof item === type
      ? allowed === undefined || allowed.includes(item)
      : type === 'integer' && Number.isInteger(item);
  return items.every(fits) && itemSchema?.format === undefined && itemSchema?.pattern === undefined
    ? items
    : undefined;
}

/** `item`, changed when an equal one is already in `items` (for `uniqueItems`). */
function distinct(item: unknown, items: readonly unknown[], state: Synthesis): unknown {
  const taken = (value: unknown) => items.some((other) => JSON.stringify(other) === JSON.stringify(value));
  if (!taken(item)) return item;
  if (typeof item === 'number') return item + items.length;
  if (typeof item !== 'string') return item;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(item) ? nextUuid(state) : `${item}-${items.length + 1}`;
}

function synthObject(schema: OpenApiSchema, state: Synthesis, depth: number): unknown {
  const properties = (isObject(schema.properties) ? schema.properties : {}) as Record<string, OpenApiSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const isRequired = required.has(name);
    if (!isRequired && depth >= state.optionalDepth) continue;
    // A list response whose `links.next` pointed somewhere would send a paginating client round forever.
    if (name === 'next' && resolveSchema(property)?.nullable === true) {
      result[name] = null;
      continue;
    }
    const value = synthesize(property, state, depth + 1);
    if (value === undefined) {
      if (isRequired) return undefined;
      continue;
    }
    result[name] = value;
  }
  // `minProperties` without `required` (`shares.update` takes any non-empty subset): add optional fields.
  const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  for (const [name, property] of Object.entries(properties)) {
    if (Object.keys(result).length >= minProperties) break;
    if (name in result) continue;
    const value = synthesize(property, state, depth + 1);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

/** Sets `links.next` to null: an example list is the only page. */
function singlePage(body: unknown): unknown {
  if (isObject(body) && isObject(body.links) && typeof body.links.next === 'string') {
    return { ...body, links: { ...body.links, next: null } };
  }
  return body;
}

const examples = new Map<string, ExampleResponse>();

/**
 * A deterministic, spec-valid success response for an operation: the operation's first declared 2xx status,
 * with the spec's own `example` of the response schema when it validates, else a body synthesised from the
 * schema. `links.next` is always `null`, so paginating clients stop. Built on first use, then cached; each
 * call returns a fresh copy.
 *
 * @throws TypeError for an `operationId` the spec does not have.
 */
export function exampleResponse(operationId: string): ExampleResponse {
  let example = examples.get(operationId);
  if (!example) {
    example = buildExample(operationId);
    examples.set(operationId, example);
  }
  return { status: example.status, body: structuredClone(example.body) };
}

function buildExample(operationId: string): ExampleResponse {
  const responses = operationDetails(operationId).responses;
  const statuses = Object.keys(responses)
    .filter((status) => /^2\d\d$/.test(status))
    .sort();
  const status = Number(statuses[0] ?? 200);
  const declared = responses[String(status)];
  if (!declared?.schema || declared.mediaType === '*') return { status, body: undefined };

  const specExample = resolveSchema(declared.schema)?.example;
  if (specExample !== undefined) {
    const body = singlePage(structuredClone(specExample));
    if (validateResponse(operationId, status, body).length === 0) return { status, body };
  }
  const body = singlePage(
    synthesize(declared.schema, { uuids: 0, stack: [], optionalDepth: RESPONSE_OPTIONAL_DEPTH }, 0),
  );
  return { status, body: body === undefined ? {} : body };
}

/**
 * A minimal valid JSON body for an operation's request: the required fields only, built like
 * {@link exampleResponse}'s bodies (ids are placeholder uuids, which the emulator may not know).
 * `undefined` when the operation takes no body.
 *
 * @throws TypeError for an `operationId` the spec does not have.
 */
export function exampleRequestBody(operationId: string): unknown {
  const body = operationDetails(operationId).requestBody;
  if (!body?.schema) return undefined;
  return synthesize(body.schema, { uuids: 0, stack: [], optionalDepth: 0 }, 0) ?? {};
}
