import { FrameioApiError, type FrameioClient, paginate, type Schemas, unwrap } from '@frameio-v4/api';
import { CliError, ExitCode, UsageError } from './errors.js';

/** A Frame.io account as `GET /v4/accounts` lists it. */
export type Account = Schemas['Account'];

/** Largest page V4 allows on most lists: fewer round trips against per-endpoint rate limits. */
export const PAGE_SIZE = 100;

/** Every account the credentials can see, or just `--account` (checked against that list). */
export async function accountsToSearch(
  client: FrameioClient,
  accountOption: string | undefined,
  signal: AbortSignal,
): Promise<Account[]> {
  const accounts: Account[] = [];
  for await (const account of paginate(client, '/v4/accounts', {
    params: { query: { page_size: PAGE_SIZE } },
    signal,
  })) {
    accounts.push(account);
  }
  if (accountOption === undefined) {
    if (accounts.length === 0) {
      throw new CliError(
        'these credentials are not a member of any Frame.io account: ask an account admin to invite the user ' +
          '(or, for server-to-server credentials, to add the Frame.io S2S API product in the Admin Console)',
        ExitCode.access,
      );
    }
    return accounts;
  }
  const chosen = accounts.find((account) => account.id === accountOption);
  if (!chosen) {
    throw new CliError(
      `no account ${accountOption} among yours (${describeList(accounts.map(accountLabel))}): run \`fio ls\` to see the ids`,
      ExitCode.access,
    );
  }
  return [chosen];
}

/** `"Mock Studio" (acc0…)`-style label of an account. */
export function accountLabel(account: Account): string {
  return `"${account.display_name}" (${account.id})`;
}

/** Up to `max` entries, then "and N more". */
export function describeList(items: readonly string[], max = 8): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** Something with a name and an id: a workspace, project, folder… */
export interface Named {
  readonly id: string;
  readonly name: string;
}

/**
 * The item a path segment names: an exact id, else an exact name, else a name that differs only in case.
 * Several equal names are a usage error (the user must give the id); none is a not-found error (exit 4).
 */
export function matchSegment<T extends Named>(
  items: readonly T[],
  segment: string,
  kind: string,
  where: string,
): T {
  const byId = items.find((item) => item.id === segment);
  if (byId) return byId;
  let matches = items.filter((item) => item.name === segment);
  if (matches.length === 0) {
    const lower = segment.toLowerCase();
    matches = items.filter((item) => item.name.toLowerCase() === lower);
  }
  if (matches.length === 1) return matches[0] as T;
  if (matches.length > 1) {
    throw new UsageError(
      `${matches.length} ${kind}s in ${where} are named "${segment}": use the id instead ` +
        `(${matches.map((item) => item.id).join(', ')})`,
      'ls',
    );
  }
  const names = describeList(items.map((item) => `"${item.name}"`));
  throw new CliError(`no ${kind} "${segment}" in ${where} (there: ${names})`, ExitCode.access);
}

/** A file or folder found by id, with the account it belongs to. */
export interface Located<T> {
  readonly account: Account;
  readonly resource: T;
}

type ResourceKind = 'file' | 'folder';

/** A 404 or 403: V4's answer for an id that is not in this account (or not visible to these credentials). */
export function isMissing(error: unknown): boolean {
  return error instanceof FrameioApiError && (error.status === 404 || error.status === 403);
}

/**
 * Asks each account in turn (V4 scopes every id by account, and the user may belong to several) and returns
 * the first answer with its account; `undefined` when every account answered 404/403. Other errors end the
 * search at once.
 */
export async function findInAccounts<T>(
  accounts: readonly Account[],
  find: (account: Account) => Promise<T>,
): Promise<Located<T> | undefined> {
  for (const account of accounts) {
    try {
      return { account, resource: await find(account) };
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return undefined;
}

function invalidId(error: unknown): boolean {
  return (
    error instanceof FrameioApiError &&
    error.status === 422 &&
    error.errors.some((entry) => entry.source?.parameter?.endsWith('_id'))
  );
}

async function fetchResource(
  client: FrameioClient,
  kind: ResourceKind,
  accountId: string,
  id: string,
  signal: AbortSignal,
): Promise<Named> {
  if (kind === 'file') {
    const body = await unwrap(
      client.GET('/v4/accounts/{account_id}/files/{file_id}', {
        params: { path: { account_id: accountId, file_id: id } },
        signal,
      }),
    );
    return body.data;
  }
  const body = await unwrap(
    client.GET('/v4/accounts/{account_id}/folders/{folder_id}', {
      params: { path: { account_id: accountId, folder_id: id } },
      signal,
    }),
  );
  return body.data;
}

/**
 * Finds the account a file or folder id belongs to. V4 scopes every id by account and the user may belong to
 * several, so each candidate account is asked in turn (`--account` narrows it to one request).
 */
export async function locate(
  client: FrameioClient,
  kind: ResourceKind,
  id: string,
  accountOption: string | undefined,
  signal: AbortSignal,
): Promise<Located<Named>> {
  const accounts = await accountsToSearch(client, accountOption, signal);
  const found = await findInAccounts(accounts, (account) =>
    fetchResource(client, kind, account.id, id, signal).catch((error: unknown) => {
      if (invalidId(error)) {
        throw new UsageError(
          `"${id}" is not a Frame.io ${kind} id (ids look like f11e0000-0000-4000-8000-000000000002): ` +
            `run \`fio ls\` to find it`,
        );
      }
      throw error;
    }),
  );
  if (found) return found;
  const where =
    accounts.length === 1
      ? `account ${accountLabel(accounts[0] as Account)}`
      : `any of your ${accounts.length} accounts`;
  throw new CliError(
    `no ${kind} ${id} in ${where} that these credentials can see: check the id with \`fio ls\``,
    ExitCode.access,
  );
}
