import { http, type RequestHandler } from 'msw';
import { v4ErrorResponse } from './api/errors.js';
import type { MockContext } from './context.js';
import type { Fault, MockHost } from './faults.js';
import { imsErrorResponse } from './ims/errors.js';
import type { RequestLogEntry } from './state.js';

/** Methods a route can answer; `ALL` is for fallbacks. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ALL';

/** What a route handler receives. */
export interface RouteArgs {
  request: Request;
  url: URL;
  /** Path parameters from the route template (`:account_id` → `params.account_id`). */
  params: Record<string, string>;
  /** Path relative to the host's base URL, e.g. `/v4/me`. */
  path: string;
  context: MockContext;
}

/** One route of the emulator, on the IMS or the API host. */
export interface RouteDefinition {
  host: MockHost;
  method: RouteMethod;
  /** Path template relative to the base URL, msw syntax (`/v4/accounts/:account_id`). */
  path: string;
  /** Parse `grant_type` from the query/form body, for fault matching and `state.tokenRequests`. */
  readsGrantType?: boolean;
  handle(args: RouteArgs): Response | Promise<Response>;
  /** Applied to every response of the route, fault responses included (e.g. rate-limit headers). */
  finalize?(response: Response, request: Request): Response;
}

const STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function basePathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

async function readGrantType(request: Request, url: URL): Promise<string | undefined> {
  const fromQuery = url.searchParams.get('grant_type');
  if (fromQuery !== null) return fromQuery;
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  try {
    return new URLSearchParams(await request.clone().text()).get('grant_type') ?? undefined;
  } catch {
    return undefined;
  }
}

/** The response an answering fault produces, shaped for the host it hit. */
function faultResponse(host: MockHost, fault: Exclude<Fault, { kind: 'delay' }>): Response {
  switch (fault.kind) {
    case 'reset':
      return Response.error();
    case 'ims-error':
      return imsErrorResponse(
        fault.error,
        fault.description ?? `Injected fault: IMS answered ${fault.error}.`,
        fault.status !== undefined ? { status: fault.status } : {},
      );
    case 'non-json': {
      const reason = STATUS_TEXT[fault.status] ?? 'Error';
      const body =
        fault.body ??
        `<html><head><title>${fault.status} ${reason}</title></head><body><h1>${fault.status} ${reason}</h1></body></html>`;
      return new Response(body, { status: fault.status, headers: { 'content-type': 'text/html' } });
    }
    case 'status': {
      const headers = new Headers();
      if (fault.retryAfter !== undefined) headers.set('retry-after', String(fault.retryAfter));
      if (host === 'api' && fault.status === 429) headers.set('x-ratelimit-remaining', '0');
      const title = STATUS_TEXT[fault.status] ?? 'Error';
      const detail = `Injected fault: HTTP ${fault.status} ${title}; retry later.`;
      if (typeof fault.body === 'string') {
        headers.set('content-type', 'text/plain');
        return new Response(fault.body, { status: fault.status, headers });
      }
      if (fault.body !== undefined) {
        headers.set('content-type', 'application/json');
        return new Response(JSON.stringify(fault.body), { status: fault.status, headers });
      }
      if (host === 'api') return v4ErrorResponse(fault.status, [{ title, detail }], headers);
      const error = fault.status === 500 ? 'server_error' : 'temporarily_unavailable';
      const response = imsErrorResponse(error, detail, { status: fault.status });
      headers.forEach((value, name) => {
        response.headers.set(name, value);
      });
      return response;
    }
  }
}

/** A 500 for a route that threw, so a bug in a handler is an answer, never a crash. */
function internalErrorResponse(host: MockHost, method: string, path: string, error: unknown): Response {
  const name = error instanceof Error ? error.name : 'Error';
  const detail =
    `The mock threw ${name} while handling ${method} ${path}. ` +
    'This is a bug in @frameio-v4/mock or in a handler added to it; the test cannot rely on this response.';
  return host === 'api'
    ? v4ErrorResponse(500, [{ title: 'Internal Server Error', detail }])
    : imsErrorResponse('server_error', detail, { status: 500 });
}

/**
 * Turns a {@link RouteDefinition} into an msw handler that logs the request, applies fault rules, runs the
 * route and turns a thrown error into a 500. Every IMS and API route goes through here, so fault injection
 * and the request log work the same everywhere.
 */
export function createRouteHandler(context: MockContext, route: RouteDefinition): RequestHandler {
  const baseUrl = route.host === 'ims' ? context.config.imsBaseUrl : context.config.apiBaseUrl;
  const mswPath = `${baseUrl}${route.path}`;
  const resolver = routeResolver(context, route);

  switch (route.method) {
    case 'GET':
      return http.get(mswPath, resolver);
    case 'POST':
      return http.post(mswPath, resolver);
    case 'PUT':
      return http.put(mswPath, resolver);
    case 'PATCH':
      return http.patch(mswPath, resolver);
    case 'DELETE':
      return http.delete(mswPath, resolver);
    case 'HEAD':
      return http.head(mswPath, resolver);
    case 'OPTIONS':
      return http.options(mswPath, resolver);
    case 'ALL':
      return http.all(mswPath, resolver);
  }
}

/**
 * The resolver behind {@link createRouteHandler}: request log, fault rules, the route, errors → 500,
 * `finalize`. Also called directly for requests that must not go through msw (see `src/uploads/direct.ts`).
 */
export function routeResolver(
  context: MockContext,
  route: RouteDefinition,
): (args: {
  request: Request;
  params: Record<string, string | readonly string[] | undefined>;
}) => Promise<Response> {
  const baseUrl = route.host === 'ims' ? context.config.imsBaseUrl : context.config.apiBaseUrl;
  const basePath = basePathOf(baseUrl);
  const finalize = route.finalize ?? ((response: Response) => response);

  return async ({ request, params }) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length) || '/';
    const grantType = route.readsGrantType ? await readGrantType(request, url) : undefined;
    if (route.readsGrantType) context.state.countTokenRequest(grantType);

    const decision = context.faults.take({ host: route.host, method: request.method, path, grantType });
    const entry: RequestLogEntry = {
      at: context.clock.now(),
      host: route.host,
      method: request.method,
      path,
      grantType,
      faults: [
        ...decision.delays.map(() => 'delay'),
        ...(decision.answer !== undefined ? [decision.answer.kind] : []),
      ],
      status: undefined,
    };
    context.state.logRequest(entry);

    for (const ms of decision.delays) await context.sleep(ms);

    let response: Response;
    if (decision.answer !== undefined) {
      response = faultResponse(route.host, decision.answer);
    } else {
      const stringParams: Record<string, string> = {};
      for (const [name, value] of Object.entries(params)) {
        if (typeof value === 'string') stringParams[name] = value;
        else if (value !== undefined) stringParams[name] = value.join('/');
      }
      try {
        response = await route.handle({ request, url, params: stringParams, path, context });
      } catch (error) {
        response = internalErrorResponse(route.host, request.method, path, error);
      }
    }
    response = finalize(response, request);
    entry.status = response.type === 'error' ? undefined : response.status;
    return response;
  };
}
