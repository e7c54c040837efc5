import type { Client } from 'openapi-fetch';
import { DeferredRequest } from './deferred-request.js';
import { recordResponseContext } from './response-context.js';
import type { FetchFunction } from './transport.js';

// The method helpers of an openapi-fetch client. TRACE is not deferred: `new Request()` refuses it, with the
// error a caller should see.
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

type CallOptions = { middleware?: unknown[]; fetch?: unknown; Request?: unknown } | undefined;
type CallResult = { response: Response };
type MethodCall = (path: string, init?: CallOptions) => Promise<CallResult>;
type GenericCall = (method: string, path: string, init?: CallOptions) => Promise<CallResult>;

const DEFERRED = { Request: DeferredRequest as unknown as typeof Request };

/** Records what `FrameioApiError` reports about a failed call; a success needs nothing recorded. */
function remember(result: CallResult, method: string, schemaPath: string): CallResult {
  if (!result.response.ok) recordResponseContext(result.response, { method, schemaPath });
  return result;
}

/**
 * Wraps the method helpers of a client built with this package's transport:
 * - every failed response is recorded with its method and path template, which `FrameioApiError` reports (a
 *   middleware could do it too, but openapi-fetch's middleware machinery costs a few percent per call);
 * - openapi-fetch builds {@link DeferredRequest}s instead of Requests (one Request per send instead of two)
 *   for as long as nothing but the transport can see them: not once middleware was added with `client.use()`,
 *   and not for a call with its own `middleware`, `fetch` or `Request`, whose code expects a real Request;
 * - a call's own `fetch` is wrapped by `transportFor`, so it is sent with credentials and retries too.
 */
export function instrumentClient<Paths extends {}>(
  client: Client<Paths>,
  transportFor: (fetch: FetchFunction) => FetchFunction,
): Client<Paths> {
  let hasUserMiddleware = false;
  // openapi-fetch sends a call's own `fetch` in place of the client's: route it through the transport so the
  // call still gets credentials, the 401 replay and retries, like every other call.
  const options = (init: CallOptions, defer: boolean): CallOptions => {
    if (typeof init?.fetch === 'function')
      return { ...init, fetch: transportFor(init.fetch as FetchFunction) };
    return defer && canDefer(init) ? (init === undefined ? DEFERRED : { ...init, ...DEFERRED }) : init;
  };
  const canDefer = (init: CallOptions) =>
    !hasUserMiddleware &&
    !init?.middleware?.length &&
    init?.fetch === undefined &&
    init?.Request === undefined;

  const calls = client as unknown as Record<string, MethodCall> & { request: GenericCall };
  for (const method of METHODS) {
    const call = calls[method]?.bind(client) as MethodCall;
    const defer = method !== 'TRACE';
    calls[method] = (path, init) =>
      call(path, options(init, defer)).then((result) => remember(result, method, path));
  }
  const request = calls.request.bind(client);
  calls.request = (method, path, init) =>
    request(method, path, options(init, false)).then((result) =>
      remember(result, method.toUpperCase(), path),
    );
  const use = client.use.bind(client);
  client.use = (...middleware) => {
    hasUserMiddleware = true;
    use(...middleware);
  };
  return client;
}
