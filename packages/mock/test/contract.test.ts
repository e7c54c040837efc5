import { describe, expect, test } from 'vitest';
import type { FrameioMock } from '../src/index.js';
import { exampleRequestBody, specOperations, validateResponse } from '../src/spec/index.js';
import { loadSpec } from './spec.js';
import { useMsw } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI objects from the third-party spec.
type Json = any;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Every operation, read from the spec file itself (not from the emulator's generated index). */
const spec = loadSpec();
const operations = Object.entries(spec.paths as Record<string, Json>).flatMap(([path, item]) =>
  HTTP_METHODS.filter((method) => item[method]).map((method) => ({
    method: method.toUpperCase(),
    path,
    operationId: String(item[method].operationId),
    operation: item[method] as Json,
  })),
);

const { startMock } = useMsw();

function resolve(schema: Json): Json {
  let current = schema;
  while (current?.$ref) current = spec.components.schemas[String(current.$ref).split('/').pop() as string];
  return current ?? {};
}

/** Ids of the default seed by path parameter or body field, so that stateful routes find what they look up. */
function seedIds(mock: FrameioMock): Record<string, string | string[]> {
  const ids = mock.seedIds;
  return {
    account_id: ids.accountId,
    workspace_id: ids.mainWorkspaceId,
    project_id: ids.projectId,
    folder_id: ids.footageFolderId,
    file_id: ids.introV2FileId,
    version_stack_id: ids.versionStackId,
    comment_id: ids.commentId,
    share_id: ids.shareId,
    webhook_id: ids.webhookId,
    asset_id: ids.posterFileId,
    user_id: mock.state.defaultUser.id,
    // Body fields: move and copy seeded assets into another folder, call back an https URL.
    parent_id: ids.graphicsFolderId,
    file_ids: [ids.notesFileId, ids.posterFileId],
    folder_ids: [ids.dayOneFolderId],
    url: 'https://example.com/frameio-callback',
  };
}

/** The fields the operation's `data` object declares (required or not). */
function dataFields(operationId: string): string[] {
  const entry = operations.find((candidate) => candidate.operationId === operationId);
  const schema = resolve(entry?.operation.requestBody?.content?.['application/json']?.schema);
  return Object.keys(resolve(schema.properties?.data).properties ?? {});
}

/** Replaces the placeholder ids of a synthesised body with seeded ones, by field name. */
function withSeedIds(value: unknown, ids: Record<string, string | string[]>): unknown {
  if (Array.isArray(value)) return value.map((item) => withSeedIds(item, ids));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const seeded = ids[key];
      if (seeded === undefined || Array.isArray(item) !== Array.isArray(seeded))
        return [key, withSeedIds(item, ids)];
      return [key, seeded];
    }),
  );
}

/** A valid value for a required non-body parameter (the spec's enum, bounds, or a uuid). */
function parameterValue(parameter: Json, index: number): string {
  const schema = resolve(parameter.schema);
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  if (schema.type === 'integer' || schema.type === 'number') return String(schema.minimum ?? 1);
  if (schema.type === 'boolean') return 'false';
  return `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
}

/**
 * A request that satisfies the spec: path parameters (seeded ids where the seed has one), required query
 * parameters and headers, and a minimal JSON body pointing at seeded assets.
 */
function validRequest(mock: FrameioMock, entry: (typeof operations)[number], token?: string) {
  const parameters: Json[] = entry.operation.parameters ?? [];
  const ids = seedIds(mock);
  let path = entry.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  parameters.forEach((parameter, index) => {
    const value = parameterValue(parameter, index);
    if (parameter.in === 'path') {
      const seeded = ids[parameter.name];
      path = path.replace(`{${parameter.name}}`, typeof seeded === 'string' ? seeded : value);
    } else if (parameter.required && parameter.in === 'query') query.set(parameter.name, value);
    else if (parameter.required && parameter.in === 'header') headers[parameter.name] = value;
  });
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const minimal = exampleRequestBody(entry.operationId) as Json;
  // A move names its destination, although the spec leaves `parent_id` optional.
  if (minimal?.data && dataFields(entry.operationId).includes('parent_id'))
    minimal.data.parent_id = ids.parent_id;
  const body = withSeedIds(minimal, ids);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const search = query.size > 0 ? `?${query}` : '';
  return fetch(`${mock.apiBaseUrl}${path}${search}`, {
    method: entry.method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  return text === '' ? undefined : JSON.parse(text);
}

describe('contract: every operation of the V4 spec', () => {
  test('the emulator serves exactly the operations of the spec', () => {
    const served = specOperations.map(({ operationId, method, path }) => ({ operationId, method, path }));
    const inSpec = operations.map(({ operationId, method, path }) => ({ operationId, method, path }));
    const byId = (a: { operationId: string }, b: { operationId: string }) =>
      a.operationId.localeCompare(b.operationId);
    expect(served.sort(byId)).toEqual(inSpec.sort(byId));
    expect(operations.length).toBeGreaterThan(0);
  });

  test.each(operations)(
    '$method $path ($operationId) answers a declared status with a spec-valid body',
    async (entry) => {
      const mock = startMock();
      const token = await mock.issueAccessToken({
        clientId: mock.credentials.webApp.clientId,
        scopes: 'openid,AdobeID',
      });
      const response = await validRequest(mock, entry, token);
      const body = await readBody(response);
      const declared = Object.keys(entry.operation.responses);
      // With seeded ids every operation succeeds: stateful routes find what they look up.
      const acceptable = declared.filter((status) => /^2\d\d$/.test(status));
      const outcome = {
        status: response.status,
        problems: validateResponse(entry.operationId, response.status, body),
        body: JSON.stringify(body)?.slice(0, 600),
      };
      expect(acceptable, JSON.stringify(outcome)).toContain(String(response.status));
      expect(outcome.problems, JSON.stringify(outcome)).toEqual([]);
      if (body !== undefined) expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    },
  );

  test('without a token every operation is a 401 with the V4 body, before any validation', async () => {
    const mock = startMock();
    const failures: string[] = [];
    for (const entry of operations) {
      const response = await validRequest(mock, entry);
      const body = await readBody(response);
      const problems = validateResponse(entry.operationId, response.status, body);
      if (response.status !== 401 || problems.length > 0) {
        failures.push(`${entry.operationId}: ${response.status} ${problems.join('; ')}`);
      }
      // Also with an invalid body: authentication comes first, so the caller learns about the token.
      if (entry.operation.requestBody) {
        const invalid = await fetch(`${mock.apiBaseUrl}${entry.path.replace(/\{[^}]+\}/g, 'x')}`, {
          method: entry.method,
          headers: { 'content-type': 'application/json' },
          body: '{"data": 42}',
        });
        if (invalid.status !== 401)
          failures.push(`${entry.operationId} with an invalid body: ${invalid.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
