import type { MaybeOptionalInit } from 'openapi-fetch';
import type { FrameioClient } from './client.js';
import type { paths } from './generated/schema.js';
import { type FetchResult, unwrap } from './unwrap.js';

type JsonOk<Operation> = Operation extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

type ListGetBody<Path extends keyof paths> = paths[Path] extends { get: infer Operation }
  ? JsonOk<Operation>
  : never;

/**
 * Paths whose GET returns a V4 list page: `{ data: T[], links: { next: string | null } }`. Only these can be
 * passed to {@link paginate}.
 */
export type PaginatedPath = {
  [Path in keyof paths]: [ListGetBody<Path>] extends [never]
    ? never
    : ListGetBody<Path> extends { data: unknown[]; links: { next: string | null } }
      ? Path
      : never;
}[keyof paths];

/** The item type of the list at `Path`, e.g. `ProjectWithIncludes` for `/v4/accounts/{account_id}/projects`. */
export type PaginatedItem<Path extends PaginatedPath> =
  ListGetBody<Path> extends { data: (infer Item)[] } ? Item : never;

/** The GET options of `Path`: path and query params, headers, `signal`. */
export type PaginateInit<Path extends PaginatedPath> = MaybeOptionalInit<paths[Path], 'get'>;

/** Options of {@link paginate}. */
export interface PaginateOptions {
  /** Stop after yielding this many items; no further page is fetched once it is reached. */
  limit?: number;
}

interface ListPage {
  data: unknown[];
  links?: { next?: string | null };
}

type RequestInitLike = {
  params?: { query?: Record<string, unknown> } & Record<string, unknown>;
  signal?: AbortSignal | null;
} & Record<string, unknown>;

type LooseGet = (path: string, init?: RequestInitLike) => Promise<FetchResult>;

/** Reads the opaque `after` cursor out of a `links.next` relative URL (e.g. `/v4/...?after=abc&page_size=50`). */
function nextCursor(next: string, path: string): string {
  const after = new URL(next, 'https://api.frame.io').searchParams.get('after');
  if (!after) {
    throw new Error(
      `paginate(${path}): links.next has no \`after\` cursor (${next}), so the next page cannot be requested. ` +
        'Report this to the @frameio-v4/api maintainers.',
    );
  }
  return after;
}

/**
 * Iterates over every item of a V4 list, fetching pages as needed by following `links.next` (its `after`
 * cursor is passed on, the caller's other query params such as `page_size` or `include` are kept). Stops
 * when `links.next` is null or `limit` items were yielded. A non-2xx page throws {@link FrameioApiError};
 * `init.signal` aborts it.
 *
 * @example
 * for await (const project of paginate(client, '/v4/accounts/{account_id}/projects', {
 *   params: { path: { account_id }, query: { page_size: 100 } },
 * })) console.log(project.name);
 */
export async function* paginate<Path extends PaginatedPath>(
  client: FrameioClient,
  path: Path,
  init: PaginateInit<Path>,
  options: PaginateOptions = {},
): AsyncGenerator<PaginatedItem<Path>, void, undefined> {
  const { limit = Number.POSITIVE_INFINITY } = options;
  if (Number.isNaN(limit) || limit < 0) {
    throw new RangeError(
      `paginate: limit must be a non-negative number, got ${limit}. Omit it to get every item.`,
    );
  }
  if (limit === 0) return;
  const get = client.GET as unknown as LooseGet;
  const baseInit = (init ?? {}) as RequestInitLike;
  const seenCursors = new Set<string>();
  let after: string | undefined;
  let yielded = 0;

  for (;;) {
    const pageInit: RequestInitLike =
      after === undefined
        ? baseInit
        : { ...baseInit, params: { ...baseInit.params, query: { ...baseInit.params?.query, after } } };
    const page = (await unwrap(get(path, pageInit))) as ListPage;
    for (const item of page.data) {
      yield item as PaginatedItem<Path>;
      yielded += 1;
      if (yielded >= limit) return;
    }
    const next = page.links?.next;
    if (!next) return;
    after = nextCursor(next, path);
    // A cursor seen before would make this loop forever.
    if (seenCursors.has(after)) {
      throw new Error(
        `paginate(${path}): the API returned the same \`after\` cursor twice; stopping to avoid an endless loop. ` +
          'Report this to the @frameio-v4/api maintainers.',
      );
    }
    seenCursors.add(after);
    baseInit.signal?.throwIfAborted();
  }
}
