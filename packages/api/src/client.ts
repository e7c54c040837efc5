import createClient, { type Client } from 'openapi-fetch';
import { type AuthOption, toTokenSource } from './auth.js';
import type { paths } from './generated/schema.js';
import { instrumentClient } from './instrument-client.js';
import { type RetryOptions, resolveRetryPolicy } from './retry-policy.js';
import { createFrameioFetch, type FetchFunction } from './transport.js';
import { buildUserAgent } from './user-agent.js';

/**
 * A typed Frame.io V4 client (openapi-fetch): `client.GET('/v4/me')` resolves to `{ data, error, response }`,
 * with paths, params and bodies checked against the V4 spec.
 */
export type FrameioClient = Client<paths>;

/** Options of {@link createFrameioClient}. */
export interface FrameioClientOptions {
  /**
   * Required. A TokenSource (every `@frameio-v4/auth-*` flow is one), an access token string (a leading
   * `Bearer ` is stripped), or a function resolving to the current access token string.
   */
  auth: AuthOption;
  /** API root. Only requests to its origin get credentials. Default `https://api.frame.io`. */
  baseUrl?: string;
  /** fetch implementation. Default: `globalThis.fetch`, looked up on every request. */
  fetch?: FetchFunction;
  /** Retry settings, or `false` for none. See {@link RetryOptions}. */
  retry?: RetryOptions | false;
  /** Your product token, e.g. `my-app/1.0`, sent before this library's in `User-Agent`. */
  userAgent?: string;
  /** Headers sent on every request, e.g. `{ 'api-version': 'experimental' }`. */
  headers?: HeadersInit;
}

/** Frame.io V4 API root. */
export const DEFAULT_BASE_URL = 'https://api.frame.io';

function checkBaseUrl(baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `createFrameioClient: baseUrl must be an absolute http(s) URL such as ${DEFAULT_BASE_URL}, got "${baseUrl}".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(
      `createFrameioClient: baseUrl must use https (or http for a local server), got "${url.protocol}".`,
    );
  }
}

/**
 * Creates a Frame.io V4 client. Every request to `baseUrl` carries `Authorization: Bearer <token>` (plus
 * any headers the token requires); a 401 is replayed once with a refreshed token; 429s, 502/503/504 and
 * network errors are retried with backoff (see {@link RetryOptions}).
 *
 * @example
 * const client = createFrameioClient({ auth: process.env.FRAMEIO_TOKEN! });
 * const { data, error } = await client.GET('/v4/me');
 */
export function createFrameioClient(options: FrameioClientOptions): FrameioClient {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      'createFrameioClient expects an options object such as { auth: "<access token>" }. The `auth` option ' +
        'accepts a TokenSource, an access token string, or a function returning Promise<string>.',
    );
  }
  const source = toTokenSource(options.auth);
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  checkBaseUrl(baseUrl);
  const retry = resolveRetryPolicy(options.retry);
  const customFetch = options.fetch;

  // Plain object: openapi-fetch merges header records, not Headers instances or tuple arrays.
  const headers: Record<string, string> = { 'user-agent': buildUserAgent(options.userAgent) };
  new Headers(options.headers).forEach((value, name) => {
    headers[name] = value;
  });

  const transportFor = (fetch: FetchFunction | undefined) =>
    createFrameioFetch({ source, baseUrl, retry, fetch });
  const client = createClient<paths>({ baseUrl, headers, fetch: transportFor(customFetch) });
  return instrumentClient(client, transportFor);
}
