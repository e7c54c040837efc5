import { createHash } from 'node:crypto';
import { useMswServer } from '@frameio-v4/test-support/msw';
import { expect } from 'vitest';
import { createFrameioMock, type FrameioMock, type FrameioMockOptions } from '../src/index.js';
import {
  compareRouteSpecificity,
  matchPathTemplate,
  specOperations,
  validateResponse,
} from '../src/spec/index.js';

// biome-ignore lint/suspicious/noExplicitAny: test helper; each test asserts the fields it reads.
export type Body = any;

/** One API answer, its body parsed. */
export interface ApiReply {
  status: number;
  headers: Headers;
  body: Body;
}

/** Request options of {@link ApiClient.call}. */
export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean>;
  token?: string;
  headers?: Record<string, string>;
}

/** A tiny V4 caller that checks every answer against the spec. */
export interface ApiClient {
  call(method: string, path: string, options?: CallOptions): Promise<ApiReply>;
  get(path: string, query?: CallOptions['query']): Promise<ApiReply>;
  post(path: string, body?: unknown): Promise<ApiReply>;
  patch(path: string, body: unknown): Promise<ApiReply>;
  delete(path: string): Promise<ApiReply>;
}

const bySpecificity = [...specOperations].sort((a, b) => compareRouteSpecificity(a.path, b.path));

/** The spec operation of a concrete request path (`/v4/accounts/…`, query excluded). */
export function operationFor(method: string, path: string) {
  return bySpecificity.find(
    (operation) =>
      operation.method === method.toUpperCase() && matchPathTemplate(operation.path, path) !== undefined,
  );
}

/**
 * Sends a request and asserts the answer has a status the spec declares for the operation and a body valid
 * for that status: every stateful answer the tests see is also a contract check.
 */
export async function callApi(
  mock: { apiBaseUrl: string },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiReply> {
  const url = new URL(`${mock.apiBaseUrl}${path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, String(value));
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  const operation = operationFor(
    method,
    url.pathname.slice(new URL(mock.apiBaseUrl).pathname.replace(/\/$/, '').length),
  );
  if (operation) {
    expect(
      validateResponse(operation.operationId, response.status, body),
      `${method} ${path} → ${response.status} ${text.slice(0, 500)}`,
    ).toEqual([]);
  }
  return { status: response.status, headers: response.headers, body };
}

/** An {@link ApiClient} for one token. */
export function apiClient(mock: { apiBaseUrl: string }, token: string): ApiClient {
  const call = (method: string, path: string, options: CallOptions = {}) =>
    callApi(mock, method, path, { token, ...options });
  return {
    call,
    get: (path, query) => call('GET', path, query ? { query } : {}),
    post: (path, body) => call('POST', path, body !== undefined ? { body } : {}),
    patch: (path, body) => call('PATCH', path, { body }),
    delete: (path) => call('DELETE', path),
  };
}

/** One msw server per file; `start()` makes a mock, registers it, and returns an API client for Alice. */
export function useResourceMock() {
  const server = useMswServer();
  return {
    server,
    async start<SeedIds>(options?: FrameioMockOptions<SeedIds>) {
      const mock = createFrameioMock(options) as FrameioMock<SeedIds>;
      server.use(...mock.handlers);
      const token = await mock.issueAccessToken({
        clientId: mock.credentials.webApp.clientId,
        scopes: 'openid,AdobeID',
      });
      return { mock, token, api: apiClient(mock, token) };
    },
  };
}

/** SHA-256 hex of some bytes. */
export function sha256(bytes: Uint8Array | ArrayBuffer): string {
  return createHash('sha256')
    .update(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
    .digest('hex');
}

/** Deterministic test bytes (differ per offset, so misplaced parts change the hash). */
export function testBytes(length: number, salt = 0): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 7 + salt * 13 + (index >> 8)) & 0xff;
  return bytes;
}

/** PUTs one part the way a correct client does (presigned: x-amz-acl and the media type, no token). */
export function putPart(
  url: string,
  bytes: Uint8Array<ArrayBuffer>,
  mediaType: string,
  headers: Record<string, string> = {},
) {
  return fetch(url, {
    method: 'PUT',
    headers: { 'x-amz-acl': 'private', 'content-type': mediaType, ...headers },
    body: bytes,
  });
}
