import { describe, expect, test } from 'vitest';
import { API_ROUTE_MODULES } from '../src/api/handlers.js';
import { createFrameioMock } from '../src/index.js';
import {
  exampleRequestBody,
  exampleResponse,
  routeShape,
  specOperations,
  validateRequest,
  validateResponse,
} from '../src/spec/index.js';
import { toJsonSchema } from '../src/spec/json-schema.js';
import { compiledValidators, compileEveryComponentSchema } from '../src/spec/validator.js';
import { useMsw } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies built from the third-party spec.
type Json = any;

const { startMock } = useMsw();

async function tokenFor(mock: ReturnType<typeof startMock>): Promise<string> {
  return mock.issueAccessToken({ clientId: mock.credentials.webApp.clientId, scopes: 'openid' });
}

// First in the file: later tests compile validators of their own.
test('creating mocks compiles nothing; a request compiles the validators of its own operation only', async () => {
  const before = compiledValidators();
  for (let index = 0; index < 5; index++) createFrameioMock();
  const mock = startMock();
  expect(compiledValidators()).toEqual(before);

  const id = '00000000-0000-4000-8000-000000000001';
  await fetch(`${mock.apiBaseUrl}/v4/accounts/${id}/projects/${id}`, {
    headers: { authorization: `Bearer ${await tokenFor(mock)}` },
  });
  const compiled = compiledValidators().filter((key) => !before.includes(key));
  // Path and query parameters; a stateless route also checks the spec's example once.
  expect(compiled).toEqual(expect.arrayContaining(['projects.show path', 'projects.show query']));
  expect(compiled.filter((key) => !key.startsWith('projects.show '))).toEqual([]);
});

describe('exampleResponse', () => {
  test.each(specOperations)(
    '$operationId: a spec-valid answer with its first 2xx status',
    ({ operationId }) => {
      const example = exampleResponse(operationId);
      expect(validateResponse(operationId, example.status, example.body)).toEqual([]);
      expect(String(example.status)).toMatch(/^2\d\d$/);
      if (example.status === 204) expect(example.body).toBeUndefined();
      // A list example is the only page, so a paginating client stops.
      const body = example.body as Json;
      if (body?.links && 'next' in body.links) expect(body.links.next).toBeNull();
    },
  );

  test('is deterministic and returns a fresh copy each time', () => {
    const first = exampleResponse('workspaces.index');
    (first.body as Json).data.push('changed by the caller');
    const second = exampleResponse('workspaces.index');
    expect(second).toEqual(exampleResponse('workspaces.index'));
    expect((second.body as Json).data).not.toContain('changed by the caller');
  });

  test('operations without state answer their example over HTTP', async () => {
    const stateful = new Set(API_ROUTE_MODULES.flat().map((route) => routeShape(route.method, route.path)));
    const stateless = specOperations.filter(
      (operation) =>
        operation.method === 'GET' && !stateful.has(routeShape(operation.method, operation.path)),
    );
    expect(stateless.length).toBeGreaterThan(0);
    const mock = startMock();
    const token = await tokenFor(mock);
    const operation = stateless.find((candidate) => !candidate.path.includes('audit_logs')) ?? stateless[0];
    const path = operation?.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000009') ?? '';
    const response = await fetch(`${mock.apiBaseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const example = exampleResponse(operation?.operationId ?? '');
    expect(response.status).toBe(example.status);
    expect(await response.json()).toEqual(example.body);
  });

  test('throws a TypeError naming the operationId it does not know', () => {
    expect(() => exampleResponse('projects.explode')).toThrow(TypeError);
    expect(() => exampleResponse('projects.explode')).toThrow(/Unknown operationId 'projects.explode'/);
  });
});

describe('exampleRequestBody', () => {
  const withBody = specOperations.filter(
    (operation) => exampleRequestBody(operation.operationId) !== undefined,
  );

  test.each(withBody)('$operationId: the minimal body passes the body validation', ({ operationId }) => {
    const result = validateRequest(operationId, { body: exampleRequestBody(operationId) });
    const bodyErrors = result.ok
      ? []
      : result.errors.filter((entry) => entry.source && 'pointer' in entry.source);
    expect(bodyErrors).toEqual([]);
  });
});

describe('validateResponse', () => {
  const profile = {
    data: {
      id: 'a11ce000-0000-4000-8000-000000000001',
      name: 'Alice',
      email: 'alice@example.com',
      avatar_url: null,
    },
  };

  test('accepts a matching body, nullable fields included', () => {
    expect(validateResponse('users.show', 200, profile)).toEqual([]);
  });

  test('names each field that is missing, mistyped or malformed', () => {
    const { email: _email, ...withoutEmail } = profile.data;
    expect(validateResponse('users.show', 200, { data: { ...withoutEmail, id: 'alice', name: 7 } })).toEqual([
      '/data/email is required',
      "/data/id must be a valid uuid (got 'alice')",
      '/data/name must be a string (got 7)',
    ]);
  });

  test('closed composed schemas accept their own fields and reject others (allOf + additionalProperties: false)', () => {
    const file = exampleResponse('files.show').body as Json;
    expect(Object.keys(file.data)).toEqual(expect.arrayContaining(['id', 'name', 'file_size', 'created_at']));
    expect(validateResponse('files.show', 200, file)).toEqual([]);
    expect(validateResponse('files.show', 200, { data: { ...file.data, colour: 'red' } })).toEqual([
      '/data/colour is not a field of this object in the V4 spec: remove it',
    ]);
  });

  test('a discriminated asset is checked against the schema its `type` selects', () => {
    const folder = (exampleResponse('folders.show').body as Json).data;
    const list = { data: [{ ...folder, type: 'folder' }], links: { next: null } };
    expect(validateResponse('folders.index', 200, list)).toEqual([]);
    const asFile = { ...list, data: [{ ...folder, type: 'file' }] };
    expect(validateResponse('folders.index', 200, asFile)).toEqual(
      expect.arrayContaining(['/data/0/file_size is required', '/data/0/media_type is required']),
    );
    const unknownType = { ...list, data: [{ ...folder, type: 'playlist' }] };
    expect(validateResponse('folders.index', 200, unknownType)).toEqual([
      '/data/0/type must be one of: "file", "folder", "version_stack" (got \'playlist\')',
    ]);
  });

  test('a status the operation does not declare, a body on a 204 and a missing JSON body are problems', () => {
    expect(validateResponse('users.show', 418, {})).toEqual([
      'status 418 is not declared for users.show (declared: 200, 400, 401, 403, 404, 409, 422, 429)',
    ]);
    expect(validateResponse('projects.delete', 204, undefined)).toEqual([]);
    expect(validateResponse('projects.delete', 204, { data: {} })).toEqual([
      'status 204 of projects.delete has no body in the spec, but one was sent',
    ]);
    expect(validateResponse('users.show', 200, undefined)).toEqual([
      'status 200 of users.show must have a application/json body',
    ]);
  });
});

describe('OpenAPI 3.0 → JSON Schema', () => {
  test('every component schema of the spec converts to a schema ajv compiles in strict mode', () => {
    expect(compileEveryComponentSchema()).toEqual([]);
  });

  test('nullable adds null to the type and the enum; boolean exclusive bounds become numbers', () => {
    expect(toJsonSchema({ type: 'string', enum: ['a', 'b'], nullable: true, example: 'a' })).toEqual({
      type: ['string', 'null'],
      enum: ['a', 'b', null],
    });
    expect(
      toJsonSchema({ $ref: '#/components/schemas/File', nullable: true, description: 'ignored' }),
    ).toEqual({
      anyOf: [{ type: 'null' }, { $ref: 'frameio-v4:schemas/File' }],
    });
    expect(toJsonSchema({ type: 'integer', minimum: 0, exclusiveMinimum: true })).toEqual({
      type: 'integer',
      exclusiveMinimum: 0,
    });
  });

  test('oneOf is checked as anyOf, so overlapping alternatives (a null TimeStamp) still validate', () => {
    const comment = (exampleResponse('comments.show').body as Json).data;
    expect(validateResponse('comments.show', 200, { data: { ...comment, timestamp: null } })).toEqual([]);
  });
});
