import type { MockAccount, MockProject, MockWorkspace } from '../../resources/records.js';
import type { SerializeContext } from '../../resources/serialize.js';
import type { ResourceStore } from '../../resources/store.js';
import type { ApiPrincipal } from '../auth.js';
import { notFoundResponse, v4JsonResponse } from '../errors.js';
import type { ApiRoute, ApiRouteArgs } from '../handlers.js';
import { type Includes, parseIncludes } from '../include.js';
import { MAX_PAGE_SIZE, paginate, readPageRequest, type SortKeys, sortItems } from '../pagination.js';

/** Title of the emulator's 422s, the same as the spec validation's. */
const INVALID_REQUEST = 'Invalid request';

/** A V4 422: `{ errors: [{ title, detail, source }] }`, `source` pointing at the body field or parameter. */
export function invalidRequest(
  source: { pointer: string } | { parameter: string } | undefined,
  detail: string,
): Response {
  return new Response(
    JSON.stringify({ errors: [{ title: INVALID_REQUEST, detail, ...(source ? { source } : {}) }] }),
    { status: 422, headers: { 'content-type': 'application/json' } },
  );
}

/** 204 No Content, what V4 deletes answer. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** What a stateful route handler gets: the request, the account it is scoped to and helpers. */
export interface ResourceScope extends ApiRouteArgs {
  readonly store: ResourceStore;
  /** The account of the `account_id` path parameter; the principal is a member. */
  readonly account: MockAccount;
  /** The Frame.io user id of the principal (person, S2S account or legacy token user). */
  readonly userId: string;
  readonly includes: Includes;
  readonly serializer: SerializeContext;
}

/** The serializer of a mock, for routes without an account in the path. */
export function serializerOf(args: ApiRouteArgs): SerializeContext {
  const { state, config } = args.context;
  return { store: state.resources, findUser: (id) => state.findUser(id), apiBaseUrl: config.apiBaseUrl };
}

/** Whether the principal can see the account. */
export function isMember(account: MockAccount, principal: ApiPrincipal): boolean {
  return account.members.has(principal.user.id);
}

/**
 * Wraps a handler of an account-scoped route (`/v4/accounts/:account_id/…`): an unknown account, or one the
 * principal is not a member of, is a 404, as V4 answers for ids the caller cannot see.
 */
export function inAccount(
  handler: (scope: ResourceScope) => Response | Promise<Response>,
): ApiRoute['handle'] {
  return (args) => {
    const store = args.context.state.resources;
    const accountId = args.params.account_id ?? '';
    const account = store.account(accountId);
    if (!account || !isMember(account, args.principal)) {
      return notFoundResponse(
        `Account ${accountId} was not found, or this token's user is not a member of it. List the accounts ` +
          'the token can use with GET /v4/accounts.',
      );
    }
    return handler({
      ...args,
      store,
      account,
      userId: args.principal.user.id,
      includes: parseIncludes(args.url),
      serializer: serializerOf(args),
    });
  };
}

/** A 404 for an id of `kind` the account does not have. */
export function notFound(kind: string, id: string, hint: string): Response {
  return notFoundResponse(`${kind} ${id} was not found in this account. ${hint}`);
}

/** A lookup or parse result: the value, or the 4xx to send. */
export type Found<T> = { ok: true; value: T } | { ok: false; response: Response };

/** The store's account-scoped lookups, `(accountId, id) => record | undefined`, by method name. */
type AccountLookup =
  | 'workspace'
  | 'project'
  | 'folder'
  | 'file'
  | 'versionStack'
  | 'comment'
  | 'share'
  | 'webhook';

/**
 * The record the path parameter `param` names, found with the store's `lookup` in the scope's account, or a
 * 404 for `kind` that says (`hint`) where to find valid ids.
 */
export function pathRecord<L extends AccountLookup>(
  scope: ResourceScope,
  param: string,
  kind: string,
  lookup: L,
  hint: string,
): Found<NonNullable<ReturnType<ResourceStore[L]>>> {
  const id = scope.params[param] ?? '';
  const record = scope.store[lookup](scope.account.id, id) as ReturnType<ResourceStore[L]>;
  return record ? { ok: true, value: record } : { ok: false, response: notFound(kind, id, hint) };
}

const WORKSPACES_HINT = 'List the workspaces with GET /v4/accounts/{account_id}/workspaces.';
const PROJECTS_HINT = 'List the projects with GET /v4/accounts/{account_id}/projects.';

/** The workspace of the `workspace_id` path parameter, or a 404. */
export function pathWorkspace(scope: ResourceScope): Found<MockWorkspace> {
  return pathRecord(scope, 'workspace_id', 'Workspace', 'workspace', WORKSPACES_HINT);
}

/** The project of the `project_id` path parameter, or a 404. */
export function pathProject(scope: ResourceScope): Found<MockProject> {
  return pathRecord(scope, 'project_id', 'Project', 'project', PROJECTS_HINT);
}

/**
 * An account-scoped handler of one record (show, delete, list its children, …): the record named by the path
 * (`find`), or its 404.
 */
export function withRecord<T>(
  find: (scope: ResourceScope) => Found<T>,
  handler: (scope: ResourceScope, record: T) => Response | Promise<Response>,
): ApiRoute['handle'] {
  return inAccount((scope) => {
    const found = find(scope);
    return found.ok ? handler(scope, found.value) : found.response;
  });
}

/** An account-scoped handler of a request body: the body's `data` (see {@link readData}), or its 4xx. */
export function withData(
  handler: (scope: ResourceScope, data: Record<string, unknown>) => Response | Promise<Response>,
  options: { optional?: boolean } = {},
): ApiRoute['handle'] {
  return inAccount(async (scope) => {
    const body = await readData(scope.request, options);
    return body.ok ? handler(scope, body.data) : body.response;
  });
}

/**
 * An account-scoped handler of a record and a request body (update, move, copy, create inside a parent):
 * the record's 404 comes first, then the body's 4xx.
 */
export function withRecordAndData<T>(
  find: (scope: ResourceScope) => Found<T>,
  handler: (scope: ResourceScope, record: T, data: Record<string, unknown>) => Response | Promise<Response>,
  options: { optional?: boolean } = {},
): ApiRoute['handle'] {
  return inAccount(async (scope) => {
    const found = find(scope);
    if (!found.ok) return found.response;
    const body = await readData(scope.request, options);
    return body.ok ? handler(scope, found.value, body.data) : body.response;
  });
}

/**
 * One page of `items` in the V4 list shape: sorted by `?sort=` (`sortKeys`), cut by `page_size` / `after`
 * (a 422 for a bad page request) and serialized with `toJson`.
 */
export function listPage<T>(
  args: Pick<ApiRouteArgs, 'url' | 'path'>,
  items: readonly T[],
  sortKeys: SortKeys<T>,
  toJson: (item: T) => unknown,
  maxPageSize = MAX_PAGE_SIZE,
): Response {
  const page = readPageRequest(args.url, args.path, maxPageSize);
  if (!page.ok) return page.response;
  const sorted = sortItems(items, args.url.searchParams.get('sort'), sortKeys);
  return json(paginate(sorted, page.page, args.url, args.path, toJson));
}

/** 200 (or `status`) with a JSON body. */
export function json(body: unknown, status = 200): Response {
  return v4JsonResponse(body, status);
}

/** The request body's `data` object, or the 4xx to send. */
export type DataResult = { ok: true; data: Record<string, unknown> } | { ok: false; response: Response };

/**
 * Reads `{ data: { … } }` from a JSON body. The spec validation has already checked the body against the
 * operation's schema; this is the guard for what a handler relies on when validation is off or lenient.
 */
export async function readData(request: Request, options: { optional?: boolean } = {}): Promise<DataResult> {
  let text: string;
  try {
    text = await request.clone().text();
  } catch {
    text = '';
  }
  if (text.trim() === '') {
    if (options.optional) return { ok: true, data: {} };
    return {
      ok: false,
      response: invalidRequest({ pointer: '/data' }, 'The request needs a JSON body like { "data": { … } }.'),
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      ok: false,
      response: new Response(
        JSON.stringify({
          errors: [
            { title: 'Bad Request', detail: 'The request body is not valid JSON. Send { "data": { … } }.' },
          ],
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      ),
    };
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (data === undefined && options.optional) return { ok: true, data: {} };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      response: invalidRequest({ pointer: '/data' }, 'Body field /data must be an object.'),
    };
  }
  return { ok: true, data: data as Record<string, unknown> };
}

/** A required non-empty string field of `data`, or the 422 naming it. */
export function stringField(
  data: Record<string, unknown>,
  name: string,
  options: { optional?: boolean } = {},
): { ok: true; value: string | undefined } | { ok: false; response: Response } {
  const value = data[name];
  if (value === undefined && options.optional) return { ok: true, value: undefined };
  if (typeof value !== 'string' || value.trim() === '') {
    return {
      ok: false,
      response: invalidRequest(
        { pointer: `/data/${name}` },
        `Body field /data/${name} must be a non-empty string.`,
      ),
    };
  }
  return { ok: true, value };
}

/** `true` for `?name=true`. */
export function queryFlag(url: URL, name: string): boolean {
  return url.searchParams.get(name) === 'true';
}
