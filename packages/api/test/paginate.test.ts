import { HttpResponse, http } from 'msw';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createFrameioClient,
  FrameioApiError,
  type PaginatedPath,
  paginate,
  type Schemas,
} from '../src/index.js';
import { API, useMswServer } from './support/msw.js';

const server = useMswServer();
const client = createFrameioClient({ auth: 't', retry: false });
const PROJECTS_TEMPLATE = '/v4/accounts/{account_id}/projects';
const PROJECTS = `${API}/v4/accounts/:account_id/projects`;

const project = (id: string) => ({ id, name: `Project ${id}` });

/** Serves `pages` of projects, chained by `after` cursors, and records each request's query. */
function servePages(pages: ReturnType<typeof project>[][]): URLSearchParams[] {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(PROJECTS, ({ request }) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      const after = query.get('after');
      const index = after === null ? 0 : Number(after.replace('cursor-', ''));
      const nextIndex = index + 1;
      // Like Frame.io: a relative link that keeps the other query params and adds an opaque cursor.
      const nextQuery = new URLSearchParams(query);
      nextQuery.set('after', `cursor-${nextIndex}`);
      return HttpResponse.json({
        data: pages[index] ?? [],
        links: {
          next: nextIndex < pages.length ? `/v4/accounts/acc-1/projects?${nextQuery.toString()}` : null,
        },
        total_count: pages.flat().length,
      });
    }),
  );
  return queries;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('paginate', () => {
  it('follows links.next across pages, passing the after cursor and keeping the caller query', async () => {
    const queries = servePages([[project('1'), project('2')], [project('3'), project('4')], [project('5')]]);
    const items = await collect(
      paginate(client, PROJECTS_TEMPLATE, {
        params: { path: { account_id: 'acc-1' }, query: { page_size: 2, include: 'owner' } },
      }),
    );
    expect(items.map((item) => item.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(queries.map((query) => query.get('after'))).toEqual([null, 'cursor-1', 'cursor-2']);
    expect(queries.map((query) => query.get('page_size'))).toEqual(['2', '2', '2']);
    expect(queries.map((query) => query.get('include'))).toEqual(['owner', 'owner', 'owner']);
  });

  it('stops fetching once limit items were yielded', async () => {
    const queries = servePages([[project('1'), project('2')], [project('3'), project('4')], [project('5')]]);
    const items = await collect(
      paginate(client, PROJECTS_TEMPLATE, { params: { path: { account_id: 'acc-1' } } }, { limit: 3 }),
    );
    expect(items.map((item) => item.id)).toEqual(['1', '2', '3']);
    expect(queries).toHaveLength(2);
  });

  it('yields nothing for an empty list, after one request', async () => {
    const queries = servePages([[]]);
    const items = await collect(
      paginate(client, PROJECTS_TEMPLATE, { params: { path: { account_id: 'acc-1' } } }),
    );
    expect(items).toEqual([]);
    expect(queries).toHaveLength(1);
  });

  it('throws FrameioApiError with the path template when a page fails', async () => {
    server.use(
      http.get(PROJECTS, () =>
        HttpResponse.json(
          { errors: [{ detail: 'Account not found' }] },
          { status: 404, headers: { 'x-request-id': 'req-404' } },
        ),
      ),
    );
    const iterator = paginate(client, PROJECTS_TEMPLATE, { params: { path: { account_id: 'missing' } } });
    const thrown = await collect(iterator).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(FrameioApiError);
    expect(thrown).toMatchObject({
      status: 404,
      method: 'GET',
      path: PROJECTS_TEMPLATE,
      requestId: 'req-404',
      errors: [{ detail: 'Account not found' }],
    });
  });

  it('stops with the abort reason when init.signal aborts between pages', async () => {
    const queries = servePages([[project('1')], [project('2')], [project('3')]]);
    const controller = new AbortController();
    const reason = new Error('enough');
    const seen: string[] = [];
    const run = async () => {
      for await (const item of paginate(client, PROJECTS_TEMPLATE, {
        params: { path: { account_id: 'acc-1' } },
        signal: controller.signal,
      })) {
        seen.push(item.id);
        controller.abort(reason);
      }
    };
    await expect(run()).rejects.toBe(reason);
    expect(seen).toEqual(['1']);
    expect(queries).toHaveLength(1);
  });

  it('refuses a links.next it cannot follow instead of looping', async () => {
    server.use(
      http.get(PROJECTS, () =>
        HttpResponse.json({
          data: [project('1')],
          links: { next: '/v4/accounts/acc-1/projects?page_size=2' },
        }),
      ),
    );
    const iterator = paginate(client, PROJECTS_TEMPLATE, { params: { path: { account_id: 'acc-1' } } });
    await expect(collect(iterator)).rejects.toThrow(/links\.next has no `after` cursor/);
  });

  it('infers the item type from the path and accepts only list paths', () => {
    expectTypeOf(
      paginate(client, '/v4/accounts/{account_id}/projects', { params: { path: { account_id: 'a' } } }),
    ).toEqualTypeOf<AsyncGenerator<Schemas['ProjectWithIncludes'], void, undefined>>();
    expectTypeOf<'/v4/accounts/{account_id}/folders/{folder_id}/children'>().toExtend<PaginatedPath>();
    expectTypeOf<'/v4/accounts'>().toExtend<PaginatedPath>();
    // A single resource, not a list.
    expectTypeOf<'/v4/me'>().not.toExtend<PaginatedPath>();
    expectTypeOf<'/v4/accounts/{account_id}/projects/{project_id}'>().not.toExtend<PaginatedPath>();
    // A list path without GET.
    expectTypeOf<'/v4/accounts/{account_id}/search'>().not.toExtend<PaginatedPath>();
    // @ts-expect-error: /v4/me returns one user, not a page.
    paginate(client, '/v4/me', undefined);
    // @ts-expect-error: the path params of the list are required.
    paginate(client, '/v4/accounts/{account_id}/projects', {});
  });
});
