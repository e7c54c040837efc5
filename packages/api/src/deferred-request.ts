/**
 * What openapi-fetch builds in place of a `Request` (its `Request` option) when no code but this client's
 * transport will see the request: it keeps the URL and the init, and the transport sends them with
 * `fetch(url, init)`. A `Request` handed to fetch is copied by fetch (undici builds a second Request and links a
 * new AbortSignal to the first one's), so building one per call and then sending it costs two Request
 * constructions where a hand-written `fetch(url, init)` costs one; on a small JSON call that is several
 * percent of the client's throughput (see `pnpm bench`).
 *
 * It is not a `Request` and must never reach user code: `createFrameioClient` uses it only while no middleware
 * was added and for calls without their own `middleware`, `fetch` or `Request`, so middleware and custom fetch
 * functions always get real Requests (see instrument-client.ts).
 */
export class DeferredRequest {
  /** Absolute URL, serialised as `Request.url` would be. */
  readonly url: string;
  /** Upper-case method, as openapi-fetch's method helpers pass it. */
  readonly method: string;
  /** The headers to send; the transport adds credentials here. */
  readonly headers: Headers;
  readonly #init: RequestInit;

  constructor(input: string | URL, init: RequestInit = {}) {
    const method = init.method ?? 'GET';
    // The checks `new Request()` would make up front for what openapi-fetch passes, with the same errors, so a
    // bad call fails before the transport's network-error retries rather than being retried as one.
    // In a browser, `new Request()` resolves a relative URL against the document; `location` stands in for it.
    this.url = new URL(input, (globalThis as { location?: { href: string } }).location?.href).href;
    if ((method === 'GET' || method === 'HEAD') && init.body != null) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    this.method = method;
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.#init = init;
  }

  /** The caller's AbortSignal, if any (a real Request would always have one). */
  get signal(): AbortSignal | undefined {
    return this.#init.signal ?? undefined;
  }

  /**
   * The init to send this request with, `headers` included; undefined when the body can only be read once
   * (a stream), so the transport builds a real Request and buffers the body for replays instead.
   */
  static replayableInit(request: unknown): RequestInit | undefined {
    if (!(request instanceof DeferredRequest)) return undefined;
    const init = request.#init;
    const body = init.body;
    if (body != null && typeof body === 'object' && 'getReader' in body) return undefined;
    return init.headers === request.headers ? init : { ...init, headers: request.headers };
  }

  /** A real Request with the same URL, init and current headers. */
  static toRequest(request: DeferredRequest): Request {
    return new Request(request.url, { ...request.#init, headers: request.headers });
  }
}
