import type { AccessToken, TokenSource } from '@frameio-v4/auth-core';
import { DeferredRequest } from './deferred-request.js';
import { backoffDelay, canRetryNetworkError, type RetryPolicy, retryDelayFor } from './retry-policy.js';
import { sleep } from './sleep.js';

/** The fetch signature openapi-fetch calls: one `Request` in, one `Response` out. */
export type FetchFunction = (request: Request) => Promise<Response>;

/** What the Frame.io transport needs. */
export interface TransportOptions {
  /** Where access tokens come from. */
  source: TokenSource;
  /** Only requests to this URL's origin get credentials. */
  baseUrl: string;
  /** When and how long to wait before sending again. */
  retry: RetryPolicy;
  /**
   * The caller's fetch, given a real Request. Default: the global fetch, looked up on every send so a fetch
   * replaced after client creation (e.g. by msw) is still used.
   */
  fetch?: FetchFunction;
  /** Clock for HTTP-date `Retry-After` values. Default `Date.now`. */
  now?: () => number;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
}

// Small error bodies are read to the end so undici can reuse the keep-alive connection; cancelling a body
// closes the socket. Bigger or unsized bodies are cancelled rather than downloaded for nothing.
const DRAIN_LIMIT_BYTES = 64 * 1024;

/** Frees a response the caller will never see. */
async function discard(response: Response): Promise<void> {
  if (response.body === null) return;
  try {
    const length = response.headers.get('content-length');
    if (length !== null && Number(length) <= DRAIN_LIMIT_BYTES) await response.arrayBuffer();
    // Not awaited: some fetch implementations never settle cancel() on an unsized body (msw 2.14 —
    // mswjs/interceptors#799), and nothing waits on the dropped response anyway.
    else response.body.cancel().catch(() => {});
  } catch {
    // The response is being dropped; a failure to free it changes nothing for the caller.
  }
}

function isOnOrigin(url: string, origin: string): boolean {
  // Request URLs are normalised, so the origin is followed by the path's '/' exactly when they match
  // (this rejects look-alikes such as https://api.frame.io.example.com or another port).
  return url.startsWith(origin) && url.charCodeAt(origin.length) === 47; /* '/' */
}

/** Sets the credential headers and returns a function that puts back what was there before. */
function applyCredentials(headers: Headers, token: AccessToken): () => void {
  const extra = token.headers ? Object.entries(token.headers) : [];
  const previous = ['authorization', ...extra.map(([name]) => name)].map(
    (name) => [name, headers.get(name)] as const,
  );
  for (const [name, value] of extra) headers.set(name, value);
  headers.set('authorization', `Bearer ${token.token}`);
  return () => {
    for (const [name, value] of previous) {
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
  };
}

/** How one call's attempts are sent; chosen once per call by {@link prepareSend}. */
type SendAttempt = (token: AccessToken | undefined) => Promise<Response>;

/** Sends with the credentials set on `headers` only for the duration of the send. */
async function sendWithCredentials(
  headers: Headers,
  token: AccessToken | undefined,
  send: () => Promise<Response>,
): Promise<Response> {
  if (token === undefined) return send();
  const restore = applyCredentials(headers, token);
  try {
    return await send();
  } finally {
    restore();
  }
}

/**
 * Picks how to send the attempts of one call; every way can send the same request again after a 401 or a
 * retryable failure. Credentials are set only for the duration of each send, which keeps the token out of
 * what middleware later sees and drops a previous token's extra headers.
 * - A {@link DeferredRequest} with a replayable body, when fetch is the global one: `fetch(url, init)`, one
 *   Request per attempt.
 * - A bodiless Request: sent as is (copying a Request is one of the costliest steps of a call in undici).
 * - A request with a body: rebuilt from the buffered bytes for every attempt, since its stream is read once.
 */
async function prepareSend(
  request: Request | DeferredRequest,
  customFetch: FetchFunction | undefined,
): Promise<SendAttempt> {
  const init = customFetch === undefined ? DeferredRequest.replayableInit(request) : undefined;
  if (init !== undefined) {
    const { url, headers } = request;
    // The global fetch is looked up per send so msw (or any fetch patch) installed after client creation
    // still applies.
    return (token) => sendWithCredentials(headers, token, () => globalThis.fetch(url, init));
  }
  const real = request instanceof DeferredRequest ? DeferredRequest.toRequest(request) : request;
  const send = (attempt: Request) => (customFetch ?? globalThis.fetch)(attempt);
  if (real.body === null) return (token) => sendWithCredentials(real.headers, token, () => send(real));
  // openapi-fetch never clones requests and a body stream can be read once: buffer it before the first send
  // so a replay sends the same bytes.
  const body = await real.arrayBuffer();
  return (token) => {
    const headers = new Headers(real.headers);
    if (token !== undefined) applyCredentials(headers, token);
    return send(new Request(real, { body, headers }));
  };
}

/**
 * Wraps fetch with what every Frame.io call needs: the bearer token (API origin only), one replay with a
 * fresh token after a 401, and bounded retries on 429, 502/503/504 and network errors.
 */
export function createFrameioFetch(options: TransportOptions): FetchFunction {
  const { source, retry: policy, fetch: customFetch } = options;
  const apiOrigin = new URL(options.baseUrl).origin;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  return async function frameioFetch(request: Request | DeferredRequest): Promise<Response> {
    const { method, signal } = request;
    const isApiRequest = isOnOrigin(request.url, apiOrigin);
    const sendAttempt = await prepareSend(request, customFetch);
    let attempt = 0;
    let authRetried = false;
    let replayToken: AccessToken | undefined;

    for (;;) {
      const token = isApiRequest ? (replayToken ?? (await source.getToken({ signal }))) : undefined;
      replayToken = undefined;

      let response: Response;
      try {
        response = await sendAttempt(token);
      } catch (error) {
        // fetch reports network failures as TypeError; an abort is the caller's decision and is rethrown.
        if (
          signal?.aborted ||
          !(error instanceof TypeError) ||
          !canRetryNetworkError(policy, method, attempt)
        ) {
          throw error;
        }
        await sleep(backoffDelay(policy, attempt, random), signal);
        attempt += 1;
        continue;
      }

      if (response.ok) return response;

      if (response.status === 401 && token !== undefined && !authRetried) {
        authRetried = true;
        let fresh: AccessToken;
        try {
          // A source that can invalidate decides itself whether `token` is still current: if a concurrent
          // 401 already replaced it, the plain call returns the replacement instead of fetching yet another
          // token. Without invalidate, forcing is the only way to ask for a new one.
          if (source.invalidate) {
            source.invalidate(token);
            fresh = await source.getToken({ signal });
          } else {
            fresh = await source.getToken({ forceRefresh: true, signal });
          }
        } catch (error) {
          await discard(response);
          throw error;
        }
        // Same token (e.g. a static one): replaying cannot succeed, so the caller gets the 401 to act on.
        if (fresh.token === token.token) return response;
        await discard(response);
        replayToken = fresh;
        continue;
      }

      const delay = retryDelayFor(policy, response, method, attempt, now(), random);
      if (delay === undefined) return response;
      await discard(response);
      await sleep(delay, signal);
      attempt += 1;
    }
  };
}
