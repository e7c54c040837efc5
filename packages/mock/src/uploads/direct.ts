import type { MockContext } from '../context.js';
import { type RouteDefinition, routeResolver } from '../route.js';

/**
 * Runs upload part PUTs without msw. msw clones every request it handles (so it can log the body), and a
 * cloned streaming body is kept in memory in full until the request is gone: for a 25 MiB part, a second
 * copy. The HTTP server hands part PUTs to this instead, so the body is streamed once into the part. Fault
 * rules, the request log and errors → 500 still apply (same resolver as the msw handler).
 */
export type DirectUploads = (request: Request) => Promise<Response> | undefined;

/** @internal Where a mock keeps its {@link DirectUploads} for `startMockServer`. */
export const DIRECT_UPLOADS: unique symbol = Symbol('@frameio-v4/mock direct uploads');

/** @internal Builds the direct runner of the part-upload route (`/_mock/uploads/:upload_id/:part_number`). */
export function createDirectUploads(context: MockContext, route: RouteDefinition): DirectUploads {
  const resolver = routeResolver(context, route);
  const basePath = new URL(context.config.apiBaseUrl).pathname.replace(/\/+$/, '');
  const routeSegments = route.path.split('/');
  return (request) => {
    if (request.method !== route.method) return undefined;
    const pathname = new URL(request.url).pathname;
    if (!pathname.startsWith(`${basePath}/`)) return undefined;
    const segments = pathname.slice(basePath.length).split('/');
    if (segments.length !== routeSegments.length) return undefined;
    const params: Record<string, string> = {};
    for (const [index, expected] of routeSegments.entries()) {
      const actual = segments[index] as string;
      if (expected.startsWith(':')) {
        if (actual === '') return undefined;
        params[expected.slice(1)] = actual;
      } else if (expected !== actual) {
        return undefined;
      }
    }
    return resolver({ request, params });
  };
}
