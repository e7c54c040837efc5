import { operationEntries } from './data.js';
import type { SpecHttpMethod } from './types.js';

/** One operation of the V4 spec, with its path in both template syntaxes. */
export interface SpecOperation {
  /** The spec's `operationId`, e.g. `projects.create`. */
  readonly operationId: string;
  /** Upper-case HTTP method, like `ApiRoute.method`. */
  readonly method: SpecHttpMethod;
  /** The spec's template: `/v4/accounts/{account_id}/projects`. */
  readonly path: string;
  /** The same template in msw (path-to-regexp) syntax: `/v4/accounts/:account_id/projects`. */
  readonly mswPath: string;
}

/** `{param}` → `:param` (msw path-to-regexp syntax). */
export function toMswPath(specPath: string): string {
  return specPath.replace(/\{([^}/]+)\}/g, ':$1');
}

/**
 * Every operation of the spec the emulator was built from, sorted by path then method. Read from the spec at
 * build time (`pnpm generate`), never from a hand-written list.
 */
export const specOperations: readonly SpecOperation[] = operationEntries.map((entry) => ({
  ...entry,
  mswPath: toMswPath(entry.path),
}));

type SegmentKind = 0 | 1 | 2;

/** 0 for a literal segment, 1 for a parameter (`:id` or `{id}`), 2 for a wildcard. */
function segmentKind(segment: string): SegmentKind {
  if (segment === '*' || segment.endsWith('*')) return 2;
  if (segment.startsWith(':') || /^\{[^}]+\}$/.test(segment)) return 1;
  return 0;
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/**
 * The shape of a template, ignoring parameter names: `/v4/accounts/:id` and `/v4/accounts/{account_id}` are
 * the same route.
 */
export function routeShape(method: string, path: string): string {
  const shape = segments(path).map((segment) => (segmentKind(segment) === 1 ? ':' : segment));
  return `${method.toUpperCase()} /${shape.join('/')}`;
}

/**
 * Sort order for msw templates, which match first-come: at the first position where two templates differ in
 * kind, a literal segment (`folders/move`) comes before a parameter (`folders/:folder_id`), and both before a
 * wildcard. Templates that never compete keep their order (the sort is stable).
 */
export function compareRouteSpecificity(a: string, b: string): number {
  const left = segments(a);
  const right = segments(b);
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const difference = segmentKind(left[index] as string) - segmentKind(right[index] as string);
    if (difference !== 0) return difference;
  }
  return 0;
}

const byShape = new Map(
  specOperations.map((operation) => [routeShape(operation.method, operation.path), operation]),
);

/** The spec operation a route template serves (parameter names may differ), if any. */
export function specOperationForRoute(method: string, path: string): SpecOperation | undefined {
  return byShape.get(routeShape(method, path));
}

/**
 * Path parameters of `path` (relative to the API base, e.g. `/v4/accounts/abc/projects`) under the spec
 * template's names, decoded; `undefined` when the path does not fit the template.
 */
export function matchPathTemplate(template: string, path: string): Record<string, string> | undefined {
  const expected = segments(template);
  const actual = segments(path);
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] as string;
    const name =
      /^\{([^}]+)\}$/.exec(segment)?.[1] ?? (segment.startsWith(':') ? segment.slice(1) : undefined);
    if (name === undefined) {
      if (segment !== value) return undefined;
      continue;
    }
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      params[name] = value;
    }
  }
  return params;
}
