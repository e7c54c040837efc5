import { base64UrlDecode, base64UrlEncode } from '../random.js';
import { invalidRequest } from './routes/shared.js';

/**
 * V4 list pagination (facts §3 "Pagination"): `page_size` (default 50; at most 100, or 500 for asset lists),
 * an opaque `after` cursor, and `include_total_count`. A page is `{ data, links: { next }, total_count? }`
 * where `links.next` is a relative URL that keeps the request's other query parameters.
 */
export interface PageRequest {
  pageSize: number;
  /** Index of the first item of the page. */
  offset: number;
  includeTotalCount: boolean;
}

/** Default `page_size` of every V4 list. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest `page_size` of most lists (`RequestPageSize` in the spec). */
export const MAX_PAGE_SIZE = 100;
/** Largest `page_size` of folder, file and version stack lists (`AssetRequestPageSize` in the spec). */
export const MAX_ASSET_PAGE_SIZE = 500;

/** A V4 list body. */
export interface PageBody<T> {
  data: T[];
  links: { next: string | null };
  total_count?: number;
}

interface Cursor {
  /** Offset of the next item. */
  o: number;
  /** Which list (path and ordering) the cursor belongs to. */
  l: string;
}

/** FNV-1a: a short, stable fingerprint of the list a cursor was made for. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** Query parameters that do not change which list a cursor walks. */
const PAGING_PARAMETERS = new Set(['after', 'page_size', 'include_total_count', 'include']);

function listKey(path: string, url: URL): string {
  const parameters = [...url.searchParams.entries()]
    .filter(([name]) => !PAGING_PARAMETERS.has(name))
    .map(([name, value]) => `${name}=${value}`)
    .sort();
  return fingerprint(`${path}?${parameters.join('&')}`);
}

/**
 * Reads `page_size`, `after` and `include_total_count`. Answers a 422 for a page size out of range or a cursor
 * that is not one of ours (or belongs to another list), so a client bug shows up at once.
 */
export function readPageRequest(
  url: URL,
  path: string,
  maxPageSize = MAX_PAGE_SIZE,
): { ok: true; page: PageRequest } | { ok: false; response: Response } {
  const rawSize = url.searchParams.get('page_size');
  let pageSize = DEFAULT_PAGE_SIZE;
  if (rawSize !== null) {
    pageSize = Number(rawSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
      return {
        ok: false,
        response: invalidRequest(
          { parameter: 'page_size' },
          `Query parameter page_size must be an integer from 1 to ${maxPageSize} (got '${rawSize}').`,
        ),
      };
    }
  }
  let offset = 0;
  const after = url.searchParams.get('after');
  if (after !== null && after !== '') {
    const cursor = decodeCursor(after);
    if (!cursor || cursor.l !== listKey(path, url)) {
      return {
        ok: false,
        response: invalidRequest(
          { parameter: 'after' },
          'Query parameter after is not a cursor of this list. Pass the after value from links.next of the ' +
            'previous page, with the same path, sort and filters; omit it to start from the first page.',
        ),
      };
    }
    offset = cursor.o;
  }
  return {
    ok: true,
    page: { pageSize, offset, includeTotalCount: url.searchParams.get('include_total_count') === 'true' },
  };
}

function decodeCursor(value: string): Cursor | undefined {
  const json = base64UrlDecode(value);
  if (json === undefined) return undefined;
  try {
    const cursor = JSON.parse(json) as Partial<Cursor>;
    return typeof cursor.o === 'number' &&
      Number.isInteger(cursor.o) &&
      cursor.o >= 0 &&
      typeof cursor.l === 'string'
      ? (cursor as Cursor)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of `items` (already filtered and sorted). `path` is the request path relative to the API base URL
 * (`/v4/…`): `links.next` is that path with the request's query and the next cursor, as V4 sends it.
 */
export function paginate<T, R>(
  items: readonly T[],
  page: PageRequest,
  url: URL,
  path: string,
  serialize: (item: T) => R,
): PageBody<R> {
  const slice = items.slice(page.offset, page.offset + page.pageSize);
  let next: string | null = null;
  if (page.offset + page.pageSize < items.length) {
    const query = new URLSearchParams(url.searchParams);
    query.delete('after');
    query.set(
      'after',
      base64UrlEncode(JSON.stringify({ o: page.offset + page.pageSize, l: listKey(path, url) })),
    );
    next = `${path}?${query.toString()}`;
  }
  return {
    data: slice.map(serialize),
    links: { next },
    ...(page.includeTotalCount ? { total_count: items.length } : {}),
  };
}

/** Accessors for the fields a `sort` value names (`name_asc` → `name`). */
export type SortKeys<T> = Readonly<Record<string, (item: T) => string | number | null>>;

/**
 * Sorts by a V4 `sort` value (`<field>_asc` / `<field>_desc`); a missing or unknown value keeps the given order
 * (creation order). Ties keep their order, and `null`s sort last.
 */
export function sortItems<T>(items: readonly T[], sort: string | null, keys: SortKeys<T>): T[] {
  const match = sort ? /^(.+)_(asc|desc)$/.exec(sort) : null;
  const key = match ? keys[match[1] as string] : undefined;
  if (!match || !key) return [...items];
  const direction = match[2] === 'desc' ? -1 : 1;
  return items
    .map((item, index) => ({ item, index, value: key(item) }))
    .sort((left, right) => {
      if (left.value === right.value) return left.index - right.index;
      if (left.value === null) return 1;
      if (right.value === null) return -1;
      const order =
        typeof left.value === 'string' && typeof right.value === 'string'
          ? left.value.localeCompare(right.value, 'en', { sensitivity: 'base' }) ||
            (left.value < right.value ? -1 : 1)
          : left.value < right.value
            ? -1
            : 1;
      return order * direction;
    })
    .map(({ item }) => item);
}
