import type { RouteArgs, RouteDefinition, RouteMethod } from '../route.js';
import {
  checkApiRequest,
  compareRouteSpecificity,
  exampleResponse,
  routeShape,
  type SpecOperation,
  specOperationForRoute,
  specOperations,
} from '../spec/index.js';
import { type ApiPrincipal, authenticate } from './auth.js';
import { notFoundResponse, v4JsonResponse } from './errors.js';
import { withRateLimitHeaders } from './rate-limit.js';
import { accountRoutes } from './routes/accounts.js';
import { commentRoutes } from './routes/comments.js';
import { fileRoutes } from './routes/files.js';
import { folderRoutes } from './routes/folders.js';
import { meRoutes } from './routes/me.js';
import { projectRoutes } from './routes/projects.js';
import { shareRoutes } from './routes/shares.js';
import { versionStackRoutes } from './routes/version-stacks.js';
import { webhookRoutes } from './routes/webhooks.js';
import { workspaceRoutes } from './routes/workspaces.js';

/** What an API route handler receives: the route arguments plus the authenticated principal. */
export interface ApiRouteArgs extends RouteArgs {
  principal: ApiPrincipal;
}

/**
 * One Frame.io V4 route. Every route is authenticated by {@link authenticate} before `handle` runs, goes
 * through fault injection, and gets the rate-limit headers. Add routes as modules under `api/routes/` and
 * list them in {@link API_ROUTE_MODULES}.
 */
export interface ApiRoute {
  method: Exclude<RouteMethod, 'ALL'>;
  /** Path template relative to the API base URL, msw syntax: `/v4/accounts/:account_id/workspaces`. */
  path: string;
  handle(args: ApiRouteArgs): Response | Promise<Response>;
}

/** The route modules the API emulator serves, in matching order. */
export const API_ROUTE_MODULES: readonly (readonly ApiRoute[])[] = [
  meRoutes,
  accountRoutes,
  workspaceRoutes,
  projectRoutes,
  folderRoutes,
  fileRoutes,
  versionStackRoutes,
  commentRoutes,
  shareRoutes,
  webhookRoutes,
];

/**
 * Turns API routes into route definitions. Every spec operation that no module implements gets a fallback
 * answering the spec's example response, and a 404 for any other `/v4/` path comes last. Each route
 * authenticates, then validates the request against its spec operation (a 422 / 400 never reaches `handle`).
 * Routes are matched most specific first (`folders/move` before `folders/:folder_id`), else in module order.
 */
export function apiRoutes(modules: readonly (readonly ApiRoute[])[] = API_ROUTE_MODULES): RouteDefinition[] {
  const implemented = modules.flat();
  const served = new Set(implemented.map((route) => routeShape(route.method, route.path)));
  const fallbacks = specOperations
    .filter((operation) => !served.has(routeShape(operation.method, operation.mswPath)))
    .map(exampleRoute);
  const ordered = [...implemented, ...fallbacks].sort((a, b) => compareRouteSpecificity(a.path, b.path));

  const routes: RouteDefinition[] = ordered.map((route) => {
    const operation = specOperationForRoute(route.method, route.path);
    return {
      host: 'api',
      method: route.method,
      path: route.path,
      finalize: withRateLimitHeaders,
      handle: async (args) => {
        const auth = authenticate(args.context, args.request);
        if (!auth.ok) return auth.response;
        if (operation) {
          const check = await checkApiRequest(operation, args.request, args.path);
          if (!check.ok) return check.response;
        }
        return route.handle({ ...args, principal: auth.principal });
      },
    };
  });
  routes.push({
    host: 'api',
    method: 'ALL',
    path: '/v4/*',
    finalize: withRateLimitHeaders,
    handle: ({ request, path }) =>
      notFoundResponse(
        `No route ${request.method} ${path} in the Frame.io V4 emulator. Check the method, the path and the ` +
          'api-version header, or add the route to @frameio-v4/mock.',
      ),
  });
  return routes;
}

/** A stateless route for a spec operation: the spec's example response (see `exampleResponse`). */
function exampleRoute(operation: SpecOperation): ApiRoute {
  return {
    method: operation.method as ApiRoute['method'],
    path: operation.mswPath,
    handle: () => {
      const example = exampleResponse(operation.operationId);
      return example.body === undefined
        ? new Response(null, { status: example.status })
        : v4JsonResponse(example.body, example.status);
    },
  };
}
