import { describe, expect, test } from 'vitest';
import type { FrameioMock } from '../src/index.js';
import { exampleRequestBody, specOperations, validateResponse } from '../src/spec/index.js';
import { loadSpec } from './spec.js';
import { useMsw } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI objects and JSON bodies from the third-party spec.
type Json = any;

const spec = loadSpec();
const { startMock } = useMsw();

const ID = '00000000-0000-4000-8000-0000000000aa';

function resolve(schema: Json): Json {
  let current = schema;
  while (current?.$ref) current = spec.components.schemas[String(current.$ref).split('/').pop() as string];
  return current ?? {};
}

function operationOf(operationId: string): { method: string; path: string; operation: Json } {
  const entry = specOperations.find((operation) => operation.operationId === operationId);
  if (!entry) throw new Error(`the spec has no ${operationId}`);
  return {
    method: entry.method,
    path: entry.path,
    operation: spec.paths[entry.path][entry.method.toLowerCase()],
  };
}

interface CallOptions {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls an operation by id with a valid token; path parameters default to a well-formed uuid. */
async function call(mock: FrameioMock, operationId: string, options: CallOptions = {}) {
  const { method, path } = operationOf(operationId);
  const token = await mock.issueAccessToken({ clientId: mock.credentials.webApp.clientId, scopes: 'openid' });
  const url = path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(options.params?.[name] ?? ID),
  );
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${mock.apiBaseUrl}${url}${options.query ? `?${options.query}` : ''}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  const json: Json = text === '' ? undefined : JSON.parse(text);
  return {
    status: response.status,
    body: json,
    problems: validateResponse(operationId, response.status, json),
  };
}

/** The 422 of the validation layer: the spec's error schema, every entry titled and sourced. */
function expectInvalid(result: { status: number; body: Json; problems: string[] }) {
  expect(result.status, JSON.stringify(result.body)).toBe(422);
  expect(result.problems).toEqual([]);
  for (const entry of result.body.errors) {
    expect(entry).toEqual({
      title: 'Invalid request',
      detail: expect.any(String),
      source: expect.any(Object),
    });
  }
  return result.body.errors as { detail: string; source: Record<string, string> }[];
}

describe('path parameters', () => {
  const withUuidParameter = Object.entries(spec.paths as Record<string, Json>).flatMap(([, item]) =>
    Object.values(item as Record<string, Json>)
      .filter((operation) => typeof operation === 'object' && operation.operationId)
      .flatMap((operation) => {
        const parameter = (operation.parameters ?? []).find(
          (candidate: Json) => candidate.in === 'path' && resolve(candidate.schema).format === 'uuid',
        );
        return parameter
          ? [{ operationId: String(operation.operationId), name: String(parameter.name) }]
          : [];
      }),
  );

  test.each(withUuidParameter)(
    '$operationId: a $name that is not a uuid is a 422 naming it',
    async ({ operationId, name }) => {
      const mock = startMock();
      const errors = expectInvalid(await call(mock, operationId, { params: { [name]: 'not-a-uuid' } }));
      expect(errors).toContainEqual({
        title: 'Invalid request',
        detail: `Path parameter ${name} must be a valid uuid (got 'not-a-uuid').`,
        source: { parameter: name },
      });
    },
  );

  test('Frame.io-or-Adobe ids (`adobe:…`) pass validation where the spec allows them', async () => {
    const mock = startMock();
    const result = await call(mock, 'files.show', { params: { file_id: 'adobe:urn:aaid:sc:US:1234' } });
    expect(result.status).not.toBe(422);
  });
});

describe('query parameters', () => {
  const paged = specOperations.flatMap((entry) => {
    const { operation } = operationOf(entry.operationId);
    const parameter = (operation.parameters ?? []).find((candidate: Json) => candidate.name === 'page_size');
    return parameter
      ? [{ operationId: entry.operationId, maximum: Number(resolve(parameter.schema).maximum) }]
      : [];
  });

  test('the spec caps page_size at 100, and at 500 for asset lists', () => {
    const maxima = new Map(paged.map((entry) => [entry.operationId, entry.maximum]));
    expect(maxima.get('projects.index')).toBe(100);
    expect(maxima.get('folders.index')).toBe(500);
    expect(maxima.get('files.list')).toBe(500);
  });

  test.each(paged)(
    '$operationId: page_size must be an integer in 1..$maximum',
    async ({ operationId, maximum }) => {
      const mock = startMock();
      // Everything else valid: the operation's required header and a minimal body, if it takes them.
      const required: CallOptions = {
        headers: operationId === 'auditlog.index' ? { 'api-version': '4.0' } : {},
        body: exampleRequestBody(operationId),
      };
      for (const value of ['0', String(maximum + 1), 'ten']) {
        const errors = expectInvalid(
          await call(mock, operationId, { ...required, query: `page_size=${value}` }),
        );
        expect(errors.map((entry) => entry.source)).toEqual([{ parameter: 'page_size' }]);
      }
      const [tooBig] = expectInvalid(
        await call(mock, operationId, { ...required, query: `page_size=${maximum + 1}` }),
      );
      expect(tooBig?.detail).toBe(`Query parameter page_size must be <= ${maximum} (got ${maximum + 1}).`);
      expect((await call(mock, operationId, { ...required, query: `page_size=${maximum}` })).status).not.toBe(
        422,
      );
    },
  );

  test('include takes a comma-separated list of the values the operation lists', async () => {
    const mock = startMock();
    const ok = await call(mock, 'files.list', { query: 'include=creator,media_links.original' });
    expect(ok.status).not.toBe(422);
    const [error] = expectInvalid(await call(mock, 'files.list', { query: 'include=creator,owner' }));
    expect(error?.source).toEqual({ parameter: 'include' });
    expect(error?.detail).toContain("(got 'owner')");
    expect(error?.detail).toContain('"media_links.thumbnail"');
  });

  test('enums and booleans are checked; unknown query parameters are ignored, as V4 does', async () => {
    const mock = startMock();
    const errors = expectInvalid(
      await call(mock, 'projects.index', { query: 'sort=newest&include_total_count=yes&utm_source=x' }),
    );
    expect(errors.map((entry) => entry.source)).toEqual([
      { parameter: 'sort' },
      { parameter: 'include_total_count' },
    ]);
    expect(errors[1]?.detail).toBe("Query parameter include_total_count must be a boolean (got 'yes').");
    expect((await call(mock, 'users.show', { query: 'utm_source=x' })).status).toBe(200);
  });

  test('filters are read as filters[key]=value and checked key by key', async () => {
    const mock = startMock();
    const ok = await call(mock, 'metadata.field_definitions.index', {
      query: 'filters[exclude_inactive]=true',
    });
    expect(ok.status).toBe(200);
    const errors = expectInvalid(
      await call(mock, 'metadata.field_definitions.index', {
        query: 'filters[exclude_inactive]=maybe&filters[colour]=red',
      }),
    );
    expect(errors).toEqual([
      {
        title: 'Invalid request',
        detail: 'Query parameter filters[colour] is not a field of this object in the V4 spec: remove it.',
        source: { parameter: 'filters' },
      },
      {
        title: 'Invalid request',
        detail: "Query parameter filters[exclude_inactive] must be a boolean (got 'maybe').",
        source: { parameter: 'filters' },
      },
    ]);
  });

  test('a required header (api-version on audit logs) is a 422 naming the header when missing or wrong', async () => {
    const mock = startMock();
    const missing = expectInvalid(await call(mock, 'auditlog.index'));
    expect(missing).toEqual([
      {
        title: 'Invalid request',
        detail: 'Header api-version is required.',
        source: { header: 'api-version' },
      },
    ]);
    const wrong = expectInvalid(await call(mock, 'auditlog.index', { headers: { 'api-version': '3' } }));
    expect(wrong[0]?.detail).toBe('Header api-version must be one of: "4.0" (got \'3\').');
    expect((await call(mock, 'auditlog.index', { headers: { 'api-version': '4.0' } })).status).toBe(200);
  });
});

describe('JSON bodies', () => {
  const withRequiredBody = specOperations.filter((entry) => {
    const body = operationOf(entry.operationId).operation.requestBody;
    return (
      body?.required === true &&
      (resolve(body.content['application/json'].schema).required ?? []).includes('data')
    );
  });

  test.each(withRequiredBody)(
    '$operationId: a body without data is a 422 pointing at /data',
    async ({ operationId }) => {
      const mock = startMock();
      for (const options of [{ body: {} }, {}]) {
        const errors = expectInvalid(await call(mock, operationId, options));
        expect(errors).toContainEqual({
          title: 'Invalid request',
          detail: 'Body field /data is required.',
          source: { pointer: '/data' },
        });
      }
    },
  );

  test('types, lengths, enums and unknown fields are reported with a pointer to the field', async () => {
    const mock = startMock();
    const created = expectInvalid(
      await call(mock, 'projects.create', { body: { data: { name: 5, restricted: 'no', owner: 'me' } } }),
    );
    expect(created).toEqual([
      {
        title: 'Invalid request',
        detail: 'Body field /data/owner is not a field of this object in the V4 spec: remove it.',
        source: { pointer: '/data/owner' },
      },
      {
        title: 'Invalid request',
        detail: 'Body field /data/name must be a string (got 5).',
        source: { pointer: '/data/name' },
      },
      {
        title: 'Invalid request',
        detail: "Body field /data/restricted must be a boolean (got 'no').",
        source: { pointer: '/data/restricted' },
      },
    ]);
    const empty = expectInvalid(await call(mock, 'projects.create', { body: { data: { name: '' } } }));
    expect(empty[0]).toMatchObject({ source: { pointer: '/data/name' } });
    expect(empty[0]?.detail).toContain('fewer than 1 characters');
    const role = expectInvalid(
      await call(mock, 'workspace_user_roles.update', { body: { data: { role: 'boss' } } }),
    );
    expect(role[0]).toMatchObject({ source: { pointer: '/data/role' } });
    expect(role[0]?.detail).toMatch(/^Body field \/data\/role must be one of: .+ \(got 'boss'\)\.$/);
  });

  test('problems in parameters and body are all listed in one 422', async () => {
    const mock = startMock();
    const errors = expectInvalid(
      await call(mock, 'projects.create', { params: { workspace_id: 'w' }, body: { data: {} } }),
    );
    expect(errors.map((entry) => entry.source)).toEqual([
      { parameter: 'workspace_id' },
      { pointer: '/data/name' },
    ]);
  });

  test('a body that is not JSON is a 400 saying how to send it', async () => {
    const mock = startMock();
    const malformed = await call(mock, 'projects.create', {
      rawBody: '{"data": {"name": "x"',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.problems).toEqual([]);
    expect(malformed.body.errors[0].detail).toBe(
      'The request body is not valid JSON. Send a JSON object like { "data": { … } }.',
    );
    const text = await call(mock, 'projects.create', { rawBody: JSON.stringify({ data: { name: 'x' } }) });
    expect(text.status).toBe(400);
    expect(text.body.errors[0].detail).toContain(
      'send it with content-type: application/json (got text/plain',
    );
  });

  test('an optional body may be left out', async () => {
    const mock = startMock();
    expect((await call(mock, 'files.copy')).status).not.toBe(422);
  });
});

describe('routing', () => {
  test('a literal path segment wins over a parameter: PATCH …/folders/move is folders.bulk_move', async () => {
    const mock = startMock();
    // Valid for folders.update ({ data: { name } }), invalid for folders.bulk_move.
    const errors = expectInvalid(
      await call(mock, 'folders.bulk_move', { body: { data: { name: 'Renamed' } } }),
    );
    expect(errors.map((entry) => entry.source.pointer).sort()).toEqual([
      '/data/folder_ids',
      '/data/name',
      '/data/parent_id',
    ]);
  });

  test('validation comes before the lookup of ids: an invalid body for an unknown project is a 422', async () => {
    const mock = startMock();
    const result = await call(mock, 'projects.update', {
      params: { project_id: ID },
      body: { data: { name: 7 } },
    });
    expect(expectInvalid(result)[0]?.source).toEqual({ pointer: '/data/name' });
  });
});
