import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { getResponse, type RequestHandler } from 'msw';
import type { FrameioMockOptions } from './config.js';
import { createFrameioMock, type FrameioMock } from './mock.js';
import type { DefaultSeedIds } from './seed.js';
import { DIRECT_UPLOADS, type DirectUploads } from './uploads/direct.js';

/** Options of {@link startMockServer}: where to listen, plus every mock option except the base URLs. */
export interface StartMockServerOptions<SeedIds = DefaultSeedIds>
  extends Omit<FrameioMockOptions<SeedIds>, 'imsBaseUrl' | 'apiBaseUrl'> {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (loopback only). */
  host?: string;
}

/** A running emulator; IMS and the API share one origin (`/ims/...` and `/v4/...`). */
export interface MockServer<SeedIds = DefaultSeedIds> {
  /** The server's origin, e.g. `http://127.0.0.1:53121`. */
  readonly url: string;
  /** Same as `url`: pass it as the SDK's API base URL. */
  readonly apiBaseUrl: string;
  /** Same as `url`: pass it as the SDK's IMS base URL. */
  readonly imsBaseUrl: string;
  /** The emulator behind the server (state, clock, faults, credentials). */
  readonly mock: FrameioMock<SeedIds>;
  /** Stops listening, drops open connections and frees the port. Safe to call twice. */
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
]);
const EXPOSED_HEADERS = 'location, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-window';
/**
 * Most bytes of a request body the server reads and drops when it answers without reading the body (a fault,
 * an error, an unknown route). Above it the server closes the connection after answering instead: reading
 * costs time, not memory, so the limit is well above the 25 MiB default part size.
 */
const MAX_DISCARDED_BODY_BYTES = 64 * 1024 * 1024;

function v4ErrorJson(title: string, detail: string): string {
  return JSON.stringify({ errors: [{ title, detail }] });
}

/**
 * Reads and drops what a handler left of the request body, so the connection can carry the next request.
 * Node stops reading a socket while a request body waits unread, so without this an early answer (a `status`
 * fault on a part PUT, a 404, …) leaves a keep-alive client waiting until the idle timeout closes the socket.
 * S3 too reads the body of a request it refuses. Returns `false` when the body is left unread (too large,
 * or a handler still holds it): the caller then answers with `Connection: close`.
 */
async function discardUnreadBody(req: IncomingMessage, request: Request): Promise<boolean> {
  if (req.readableEnded) return true;
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_DISCARDED_BODY_BYTES) return false;
  const body = request.body;
  if (!body || body.locked) return false;
  const reader = body.getReader();
  let discarded = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      discarded += chunk.value.byteLength;
      if (discarded > MAX_DISCARDED_BODY_BYTES) {
        reader.releaseLock();
        return false;
      }
    }
    return true;
  } catch {
    // The client went away mid-body; there is no connection left to reuse.
    return false;
  }
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** Builds the Fetch `Request` msw handlers expect; `undefined` when the request target is not a path. */
function toFetchRequest(req: IncomingMessage, origin: string): Request | undefined {
  const target = req.url ?? '';
  // Only origin-form targets ("/path?query"); concatenation keeps "//x" a path instead of a host.
  if (!target.startsWith('/')) return undefined;
  let url: URL;
  try {
    url = new URL(origin + target);
  } catch {
    return undefined;
  }
  const headers = new Headers();
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    const name = (req.rawHeaders[index] as string).toLowerCase();
    if (HOP_BY_HOP.has(name)) continue;
    try {
      headers.append(name, req.rawHeaders[index + 1] as string);
    } catch {
      return undefined;
    }
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    // Streams the body instead of buffering it, so large uploads cost no extra memory.
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  // Lets a browser app on another origin (an SPA under test) call the emulator directly.
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  applyCors(req, res);
  if (!response.body || req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    // pipeline waits for 'drain' and cleans up its listeners (a hand-written loop that added a 'close'
    // listener per wait leaked them: MaxListenersExceededWarning on large downloads), and cancels the body
    // when the client goes away.
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), res);
  } catch {
    res.destroy();
  }
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  handlers: RequestHandler[],
  directUploads: DirectUploads | undefined,
): Promise<void> {
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] && req.headers.origin) {
    applyCors(req, res);
    res.statusCode = 204;
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS');
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('access-control-allow-headers', requested);
    res.setHeader('access-control-max-age', '600');
    res.end();
    return;
  }

  const request = toFetchRequest(req, origin);
  if (!request) {
    sendJson(
      res,
      400,
      v4ErrorJson(
        'Bad Request',
        'The request target is not a valid path; send a path such as /v4/me or /ims/token/v3.',
      ),
    );
    return;
  }

  let outcome: { response: Response | undefined } | { error: unknown };
  try {
    // Upload parts skip msw, whose request clone would keep a second copy of every part body in memory.
    outcome = { response: await (directUploads?.(request) ?? getResponse(handlers, request)) };
  } catch (error) {
    outcome = { error };
  }
  if ('response' in outcome && outcome.response?.type === 'error') {
    // A 'reset' fault: drop the connection the way a failing network or proxy would.
    req.socket.destroy();
    return;
  }
  if (!(await discardUnreadBody(req, request))) res.setHeader('connection', 'close');
  if ('error' in outcome) {
    const name = outcome.error instanceof Error ? outcome.error.name : 'Error';
    applyCors(req, res);
    sendJson(
      res,
      500,
      v4ErrorJson(
        'Internal Server Error',
        `The mock threw ${name} while handling ${request.method} ${new URL(request.url).pathname}. ` +
          'This is a bug in @frameio-v4/mock or in a handler added to it.',
      ),
    );
    return;
  }
  const { response } = outcome;
  if (!response) {
    applyCors(req, res);
    sendJson(
      res,
      404,
      v4ErrorJson(
        'Not Found',
        `No route ${request.method} ${new URL(request.url).pathname} in the mock. IMS routes start with /ims/ ` +
          '(authorize/v2, token/v3, revoke) and API routes with /v4/.',
      ),
    );
    return;
  }
  await writeResponse(req, res, response);
}

function originHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Serves the emulator over real HTTP (`node:http`), for SDKs, CLIs and browsers that cannot use msw. The
 * mock's `imsBaseUrl` and `apiBaseUrl` are the server's URL, so consent pages and redirects point at it.
 * Unknown routes get a 404 JSON body, a throwing handler a 500, and malformed requests a 400 / 431; none of
 * them stops the server.
 *
 * @example
 * const server = await startMockServer();
 * // … point the SDK at server.apiBaseUrl / server.imsBaseUrl …
 * await server.close();
 */
export async function startMockServer(
  options: StartMockServerOptions<unknown> & { seed: false },
): Promise<MockServer<undefined>>;
export async function startMockServer<SeedIds = DefaultSeedIds>(
  options?: StartMockServerOptions<SeedIds>,
): Promise<MockServer<SeedIds>>;
// Last, so `Parameters<typeof startMockServer>` names the default options.
export async function startMockServer(options?: StartMockServerOptions): Promise<MockServer>;
export async function startMockServer(
  options: StartMockServerOptions<unknown> = {},
): Promise<MockServer<unknown>> {
  const { port = 0, host = '127.0.0.1', ...mockOptions } = options;
  let origin = '';
  let handlers: RequestHandler[] = [];
  let directUploads: DirectUploads | undefined;

  const server = createServer((req, res) => {
    handleRequest(req, res, origin, handlers, directUploads).catch(() => {
      res.destroy();
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const title = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
    const body = v4ErrorJson(
      title,
      tooLarge
        ? "The request headers are larger than Node's limit (--max-http-header-size, 16 KiB by default); send smaller headers."
        : 'The request is not valid HTTP/1.1; check the request line and headers.',
    );
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  origin = `http://${originHost(host)}:${address.port}`;
  let mock: FrameioMock<unknown>;
  try {
    mock = createFrameioMock({ ...mockOptions, imsBaseUrl: origin, apiBaseUrl: origin });
  } catch (error) {
    // Invalid options: do not leave a listening server behind.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  handlers = mock.handlers;
  directUploads = (mock as unknown as { [DIRECT_UPLOADS]?: DirectUploads })[DIRECT_UPLOADS];

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    apiBaseUrl: origin,
    imsBaseUrl: origin,
    mock,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
