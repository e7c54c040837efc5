import { FrameioApiError } from './errors.js';

/** The `{ data, error, response }` shape every client call resolves to. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The success body of a call. Bodiless responses (e.g. 204 No Content) are typed by openapi-fetch as
 * `{ '*': ... }` from the spec's wildcard media type, but arrive as `undefined`.
 */
export type UnwrappedData<R> = R extends { data: infer D }
  ? D extends { '*': unknown }
    ? undefined
    : D
  : never;

function unwrapResult(result: FetchResult): unknown {
  // Duck-typed: a custom fetch may return a Response from another realm or polyfill.
  if (typeof result !== 'object' || result === null || typeof result.response?.ok !== 'boolean') {
    throw new TypeError(
      'unwrap() expects the { data, error, response } result of a Frame.io client call, e.g. ' +
        "unwrap(await client.GET('/v4/me')).",
    );
  }
  // Check the status, not `error`: openapi-fetch leaves `error` undefined for an empty error body.
  if (!result.response.ok) throw FrameioApiError.fromResponse(result.response, result.error);
  return result.data;
}

/**
 * Returns the body of a successful call or throws a {@link FrameioApiError} for a non-2xx status. Accepts the
 * result or the promise of it: `const me = await unwrap(client.GET('/v4/me'))`.
 */
export function unwrap<R extends FetchResult>(result: Promise<R>): Promise<UnwrappedData<R>>;
export function unwrap<R extends FetchResult>(result: R): UnwrappedData<R>;
export function unwrap(result: FetchResult | Promise<FetchResult>): unknown {
  if (result instanceof Promise) return result.then(unwrapResult);
  return unwrapResult(result);
}
