import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { operationDetails, specDocument } from './data.js';
import {
  CHECKED_FORMATS,
  componentName,
  componentNameOfId,
  type JsonSchema,
  schemaId,
  toJsonSchema,
} from './json-schema.js';
import type { OpenApiSchema, SpecParameter, SpecResponse } from './types.js';

/** One V4 error entry of a validation failure (`UnprocessableContent` / `BadRequest` items in the spec). */
export interface ValidationErrorEntry {
  title: string;
  detail: string;
  /**
   * JSON:API error source: `pointer` (RFC 6901) into the JSON body, `parameter` for a path or query parameter,
   * `header` for a header (JSON:API 1.1 §7.2).
   */
  source?: { pointer: string } | { parameter: string } | { header: string };
}

/** The parts of a request the spec constrains. */
export interface RequestParts {
  /** Path parameters by the spec's names (decoded). */
  params?: Readonly<Record<string, string>>;
  /** The query string. Repeated keys are read with `getAll`. */
  query?: URLSearchParams | Readonly<Record<string, string | readonly string[]>>;
  /** Request headers (names are case-insensitive). */
  headers?: Headers | Readonly<Record<string, string>>;
  /** The parsed JSON body, `undefined` when the request had none. */
  body?: unknown;
}

/** What {@link validateRequest} answers: go on, or send `response` (a 422 with the V4 error body). */
export type RequestValidation =
  | { ok: true }
  | { ok: false; response: Response; errors: readonly ValidationErrorEntry[] };

/** Title of every 422 the validation sends. */
export const INVALID_REQUEST_TITLE = 'Invalid request';
/** The most error entries one 422 lists: enough to fix a request, short enough to read. */
const MAX_ERRORS = 20;

let ajvInstance: Ajv2019 | undefined;
/** Component schemas registered with {@link ajvInstance} so far. */
const registered = new Set<string>();

/** One ajv for the process, created on first use (shared by every mock: the spec does not change). */
function ajv(): Ajv2019 {
  if (ajvInstance) return ajvInstance;
  const instance = new Ajv2019({
    allErrors: true,
    // The spec is third-party data: a keyword or format the conversion does not know must not stop the mock.
    strict: false,
    logger: false,
    // ECMA-262 patterns without the `u` flag, as OpenAPI 3.0 defines `pattern`.
    unicodeRegExp: false,
    // Compiling the 2019-09 meta-schemas costs more than the first validator; the converted schemas are
    // checked against them, in strict mode, by the test of `compileEveryComponentSchema`.
    validateSchema: false,
  });
  for (const format of CHECKED_FORMATS) instance.addFormat(format, fullFormats[format]);
  ajvInstance = instance;
  return instance;
}

/** The component names a converted schema refers to (`$ref: 'frameio-v4:schemas/File'`). */
function referencedComponents(node: unknown, names: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) referencedComponents(item, names);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = componentNameOfId(value);
        if (name !== undefined) names.push(name);
      } else {
        referencedComponents(value, names);
      }
    }
  }
  return names;
}

/**
 * Registers the component schemas `schema` reaches, and only those: converting and registering all 300 of
 * them up front costs about 100 ms, a validator needs a handful.
 */
function registerReferences(instance: Ajv2019, schema: JsonSchema): void {
  const pending = referencedComponents(schema);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (registered.has(name)) continue;
    registered.add(name);
    const source = specDocument().schemas[name];
    // A dangling reference stays unregistered: ajv's compile error then names it.
    if (source === undefined) continue;
    const converted = { ...toJsonSchema(source), $id: schemaId(name) };
    instance.addSchema(converted);
    referencedComponents(converted, pending);
  }
}

const validators = new Map<string, ValidateFunction>();

function compiled(key: string, build: () => JsonSchema): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    const instance = ajv();
    const schema = build();
    registerReferences(instance, schema);
    validate = instance.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

/** Follows `$ref`s to the component's OpenAPI schema (for parameter coercion and example synthesis). */
export function resolveSchema(schema: OpenApiSchema | undefined): OpenApiSchema | undefined {
  let current = schema;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 32; hops++) {
    const name = componentName(current.$ref);
    current = name === undefined ? undefined : specDocument().schemas[name];
  }
  return current;
}

// ---------------------------------------------------------------------------------------------------------
// Parameters

type Location = 'path' | 'query' | 'header';

/**
 * V4 takes `include` as a comma-separated list (`include=creator,project`) although the spec types it as one
 * enum string (facts §3 "include"). Array-typed parameters follow their `style`: the OpenAPI 3.0 default for
 * the query, `form` with `explode: true`, repeats the key (`ids=a&ids=b`); `explode: false` joins with commas.
 */
function isListParameter(parameter: SpecParameter): boolean {
  return parameter.name === 'include' || resolveSchema(parameter.schema)?.type === 'array';
}

function listItems(parameter: SpecParameter, raw: readonly string[]): string[] {
  const commaSeparated = parameter.name === 'include' || parameter.explode === false;
  return commaSeparated ? raw.flatMap((value) => value.split(',')) : [...raw];
}

function parameterSchema(parameter: SpecParameter): JsonSchema {
  const schema = resolveSchema(parameter.schema);
  if (parameter.name === 'include' && schema?.type !== 'array') {
    return { type: 'array', items: toJsonSchema(parameter.schema) };
  }
  return toJsonSchema(parameter.schema);
}

function parametersIn(operationId: string, location: Location): SpecParameter[] {
  return operationDetails(operationId).parameters.filter((parameter) => parameter.in === location);
}

/** Strings from the URL are typed by the schema: `'50'` → 50, `'true'` → true; anything else stays a string. */
function coerceScalar(value: string, schema: OpenApiSchema | undefined): unknown {
  const type = resolveSchema(schema)?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) {
    return Number(value);
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

type QueryInput = NonNullable<RequestParts['query']>;

function queryValues(query: QueryInput | undefined, name: string): string[] {
  if (!query) return [];
  if (query instanceof URLSearchParams) return query.getAll(name);
  const value = query[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

function queryKeys(query: QueryInput | undefined): string[] {
  if (!query) return [];
  return query instanceof URLSearchParams ? [...new Set(query.keys())] : Object.keys(query);
}

/** `filters[event_type]=x` (deepObject style, which V4 uses for `filters`) → `{ event_type: 'x' }`. */
function deepObjectValue(
  query: QueryInput | undefined,
  parameter: SpecParameter,
): Record<string, unknown> | undefined {
  const schema = resolveSchema(parameter.schema);
  const properties = (schema?.properties ?? {}) as Record<string, OpenApiSchema>;
  const prefix = `${parameter.name}[`;
  let result: Record<string, unknown> | undefined;
  for (const key of queryKeys(query)) {
    if (!key.startsWith(prefix) || !key.endsWith(']')) continue;
    const property = key.slice(prefix.length, -1);
    const raw = queryValues(query, key)[0] ?? '';
    result ??= {};
    result[property] = coerceScalar(raw, properties[property]);
  }
  return result;
}

function headerValue(headers: RequestParts['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The typed values of the parameters in one location, keyed by parameter name. */
function parameterValues(location: Location, parameters: SpecParameter[], parts: RequestParts) {
  const values: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const schema = resolveSchema(parameter.schema);
    if (location === 'path') {
      const value = parts.params?.[parameter.name];
      if (value !== undefined) values[parameter.name] = coerceScalar(value, parameter.schema);
    } else if (location === 'header') {
      const value = headerValue(parts.headers, parameter.name);
      if (value !== undefined) values[parameter.name] = coerceScalar(value.trim(), parameter.schema);
    } else if (schema?.type === 'object') {
      const value = deepObjectValue(parts.query, parameter);
      if (value !== undefined) values[parameter.name] = value;
    } else {
      const raw = queryValues(parts.query, parameter.name);
      if (raw.length === 0) continue;
      if (isListParameter(parameter)) {
        const items = listItems(parameter, raw);
        const itemSchema = schema?.type === 'array' ? (schema.items as OpenApiSchema) : parameter.schema;
        values[parameter.name] = items
          .map((item) => item.trim())
          .filter((item) => item !== '')
          .map((item) => coerceScalar(item, itemSchema));
      } else {
        values[parameter.name] = coerceScalar(raw[0] as string, parameter.schema);
      }
    }
  }
  return values;
}

function parametersValidator(operationId: string, location: Location, parameters: SpecParameter[]) {
  return compiled(`${operationId} ${location}`, () => ({
    type: 'object',
    properties: Object.fromEntries(
      parameters.map((parameter) => [parameter.name, parameterSchema(parameter)]),
    ),
    required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Error messages

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The instance path an error is about: the missing or extra property included. */
function errorPointer(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const extra =
    error.keyword === 'required'
      ? params.missingProperty
      : error.keyword === 'additionalProperties'
        ? params.additionalProperty
        : error.keyword === 'unevaluatedProperties'
          ? params.unevaluatedProperty
          : undefined;
  return typeof extra === 'string' ? `${error.instancePath}/${escapePointer(extra)}` : error.instancePath;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const segment of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[unescapePointer(segment)];
  }
  return current;
}

/**
 * Drops the noise `allErrors` produces around alternatives: the `null` branch of a nullable value and the
 * "must match a schema in anyOf" summary when a branch explains more, and `if`'s "must match then" (the
 * `then` errors follow). Type errors at one place are merged: "must be string or integer".
 */
function usefulErrors(
  errors: readonly ErrorObject[],
): { pointer: string; error: ErrorObject; types?: string[] }[] {
  const pointers = errors.map(errorPointer);
  const result: { pointer: string; error: ErrorObject; types?: string[] }[] = [];
  const typeEntries = new Map<string, { pointer: string; error: ErrorObject; types: string[] }>();
  errors.forEach((error, index) => {
    const pointer = pointers[index] as string;
    if (error.keyword === 'if') return;
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const explained = pointers.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          (other === pointer || other.startsWith(`${pointer}/`)) &&
          !['anyOf', 'oneOf', 'if'].includes((errors[otherIndex] as ErrorObject).keyword),
      );
      if (explained) return;
    }
    if (error.keyword === 'type') {
      const type = String((error.params as { type?: unknown }).type);
      const existing = typeEntries.get(pointer);
      if (existing) {
        for (const name of type.split(',')) if (!existing.types.includes(name)) existing.types.push(name);
        return;
      }
      const entry = { pointer, error, types: type.split(',') };
      typeEntries.set(pointer, entry);
      result.push(entry);
      return;
    }
    result.push({ pointer, error });
  });
  // A value that may be null but is not, and fails its real schema: report the real schema only.
  return result.filter(
    (entry) =>
      !(
        entry.types?.length === 1 &&
        entry.types[0] === 'null' &&
        result.some((other) => other !== entry && other.pointer === entry.pointer)
      ),
  );
}

function typeList(types: readonly string[]): string {
  const names = types.map((type) =>
    type === 'null' ? 'null' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`,
  );
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** What is wrong, for a person: `must be one of: a, b (got 'c')`. */
function problem(error: ErrorObject, value: unknown, types?: readonly string[]): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${typeList(types ?? [String(params.type)])} (got ${describeValue(value)})`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map((item) => JSON.stringify(item)).join(', ')} (got ${describeValue(value)})`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)} (got ${describeValue(value)})`;
    case 'required':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not a field of this object in the V4 spec: remove it';
    case 'format':
      return `must be a valid ${String(params.format)} (got ${describeValue(value)})`;
    default:
      return `${error.message ?? 'is invalid'} (got ${describeValue(value)})`;
  }
}

function parameterErrors(
  location: Location,
  errors: readonly ErrorObject[],
  values: Record<string, unknown>,
): ValidationErrorEntry[] {
  return usefulErrors(errors).map(({ pointer, error, types }) => {
    const [name = '', ...rest] = pointer.split('/').slice(1).map(unescapePointer);
    const value = valueAt(values, pointer);
    // `include` items are list positions; `filters[key]` are deepObject keys.
    const inList = rest.length > 0 && /^\d+$/.test(rest[0] as string);
    const qualified = inList || rest.length === 0 ? name : `${name}[${rest.join('][')}]`;
    const label =
      location === 'header'
        ? `Header ${qualified}`
        : `${location === 'path' ? 'Path' : 'Query'} parameter ${qualified}`;
    const detail = `${label}${inList ? ' (each comma-separated value)' : ''} ${problem(error, value, types)}.`;
    return {
      title: INVALID_REQUEST_TITLE,
      detail,
      source: location === 'header' ? { header: name } : { parameter: name },
    };
  });
}

function bodyErrors(errors: readonly ErrorObject[], body: unknown): ValidationErrorEntry[] {
  return usefulErrors(errors).map(({ pointer, error, types }) => {
    const where = pointer === '' ? 'The request body' : `Body field ${pointer}`;
    return {
      title: INVALID_REQUEST_TITLE,
      detail: `${where} ${problem(error, valueAt(body, pointer), types)}.`,
      source: { pointer },
    };
  });
}

function dedupe(entries: ValidationErrorEntry[]): ValidationErrorEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = `${JSON.stringify(entry.source)} ${entry.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A V4 error response (`{ errors: [...] }`), as the spec's `UnprocessableContent` / `BadRequest` describe it. */
export function validationErrorResponse(
  status: 400 | 422,
  errors: readonly ValidationErrorEntry[],
): Response {
  return new Response(JSON.stringify({ errors }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Public checks

/**
 * Validates a request against its operation in the V4 spec: path parameters (type, `uuid` format), query
 * parameters (types, enums, `page_size` bounds, each value of a comma-separated `include`), required headers
 * (`api-version` on audit logs) and the JSON body (required fields, types, enums, unknown fields where the spec
 * forbids them). Unknown query parameters are ignored, as V4 does. Whether ids exist is not checked here.
 *
 * @returns `{ ok: true }`, or `{ ok: false, response }` with a 422 `{ errors: [{ title: 'Invalid request',
 *   detail, source }] }` listing every problem found (at most 20).
 * @throws TypeError for an `operationId` the spec does not have.
 */
export function validateRequest(operationId: string, parts: RequestParts = {}): RequestValidation {
  const details = operationDetails(operationId);
  const errors: ValidationErrorEntry[] = [];
  for (const location of ['path', 'query', 'header'] as const) {
    const parameters = parametersIn(operationId, location);
    if (parameters.length === 0) continue;
    const values = parameterValues(location, parameters, parts);
    const validate = parametersValidator(operationId, location, parameters);
    if (!validate(values)) errors.push(...parameterErrors(location, validate.errors ?? [], values));
  }
  const body = details.requestBody;
  if (body?.schema !== undefined && (parts.body !== undefined || body.required)) {
    // A required body that is missing is checked as `{}`, which names the missing top-level fields (`/data`).
    const value = parts.body === undefined ? {} : parts.body;
    const validate = compiled(`${operationId} body`, () => toJsonSchema(body.schema));
    if (!validate(value)) errors.push(...bodyErrors(validate.errors ?? [], value));
  }
  if (errors.length === 0) return { ok: true };
  const entries = dedupe(errors).slice(0, MAX_ERRORS);
  return { ok: false, response: validationErrorResponse(422, entries), errors: entries };
}

/** The declared response for a status: exact (`'201'`), then a range (`'2XX'`), then `'default'`. */
export function declaredResponse(operationId: string, status: number): SpecResponse | undefined {
  const responses = operationDetails(operationId).responses;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

/**
 * Checks a response body against the schema the spec declares for `status` on the operation. A body of
 * `undefined` (or `''`) means "no body", which is right only for responses without content (204).
 *
 * @returns the problems found, `[]` when the body matches (e.g. `"/data/id must be a valid uuid (got 'x')"`).
 * @throws TypeError for an `operationId` the spec does not have.
 */
export function validateResponse(operationId: string, status: number, body: unknown): string[] {
  const declared = declaredResponse(operationId, status);
  if (!declared) {
    const statuses = Object.keys(operationDetails(operationId).responses).join(', ');
    return [`status ${status} is not declared for ${operationId} (declared: ${statuses})`];
  }
  const empty = body === undefined || body === '';
  if (declared.schema === undefined || declared.mediaType === '*') {
    // `*` is how the V4 spec marks its empty 204 bodies.
    return empty ? [] : [`status ${status} of ${operationId} has no body in the spec, but one was sent`];
  }
  if (empty) return [`status ${status} of ${operationId} must have a ${declared.mediaType} body`];
  const schema = declared.schema;
  const validate = compiled(`${operationId} response ${status}`, () => toJsonSchema(schema));
  if (validate(body)) return [];
  return usefulErrors(validate.errors ?? []).map(
    ({ pointer, error, types }) => `${pointer || '(body)'} ${problem(error, valueAt(body, pointer), types)}`,
  );
}

/** @internal The validators this process compiled so far (`'<operationId> <part>'`): tests check laziness. */
export function compiledValidators(): string[] {
  return [...validators.keys()];
}

/** @internal Compiles every component schema with strict checks; for tests of the OpenAPI conversion. */
export function compileEveryComponentSchema(): string[] {
  const strictAjv = new Ajv2019({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    unicodeRegExp: false,
    logger: false,
  });
  for (const format of CHECKED_FORMATS) strictAjv.addFormat(format, fullFormats[format]);
  const problems: string[] = [];
  const schemas = Object.entries(specDocument().schemas);
  for (const [name, schema] of schemas) strictAjv.addSchema({ ...toJsonSchema(schema), $id: schemaId(name) });
  for (const [name] of schemas) {
    try {
      strictAjv.getSchema(schemaId(name));
    } catch (error) {
      problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}
