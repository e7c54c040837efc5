import { type FrameioClient, paginate, type Schemas, unwrap } from '@frameio-v4/api';
import { type CommandContext, connect, printJson } from '../context.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { formatBytes, renderTree, type TreeNode } from '../format.js';
import { createLimiter, type Limiter, mapLimit } from '../map-limit.js';
import {
  type Account,
  accountLabel,
  accountsToSearch,
  findInAccounts,
  isMissing,
  matchSegment,
  PAGE_SIZE,
} from '../resolve.js';

type Workspace = Schemas['Workspace'];
type Project = Schemas['ProjectWithIncludes'];
type Asset = Schemas['AssetWithIncludes'];

/**
 * Requests in flight while a tree is listed, across the whole tree: the V4 spec limits `folders.list` to
 * 5 per second per user (the endpoint descriptions in the OpenAPI spec).
 */
const CONCURRENCY = 4;
/** Asset lists (`children`, `folders`) allow pages of up to 500 items. */
const ASSET_PAGE_SIZE = 500;

/** A folder, file or version stack as `fio ls --json` prints it. */
export interface AssetEntry {
  type: 'folder' | 'file' | 'version_stack';
  id: string;
  name: string;
  /** Bytes; for a version stack, its head version's. */
  file_size?: number | null;
  media_type?: string | null;
  /** `created` (bytes not uploaded yet), `uploaded` or `transcoded`; files and version stacks only. */
  status?: string | null;
  /** Folders listed deeper than `--depth` have none. */
  children?: AssetEntry[];
}

/** What every listing request of one command needs. */
export interface ListContext {
  readonly client: FrameioClient;
  readonly signal: AbortSignal;
  /** Shared by every level of a `--depth` listing, so the whole tree keeps to {@link CONCURRENCY}. */
  readonly limit: Limiter;
}

function parseDepth(value: string | undefined): number {
  if (value === undefined) return 1;
  const depth = Number(value);
  if (!/^\d+$/.test(value) || depth < 1 || depth > 100) {
    throw new UsageError(`--depth must be a whole number from 1 to 100, got "${value}"`, 'ls');
  }
  return depth;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function workspacesOf({ client, signal }: ListContext, accountId: string): Promise<Workspace[]> {
  return collect(
    paginate(client, '/v4/accounts/{account_id}/workspaces', {
      params: { path: { account_id: accountId }, query: { page_size: PAGE_SIZE } },
      signal,
    }),
  );
}

function projectsOf(
  { client, signal }: ListContext,
  accountId: string,
  workspaceId: string,
): Promise<Project[]> {
  return collect(
    paginate(client, '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects', {
      params: {
        path: { account_id: accountId, workspace_id: workspaceId },
        query: { page_size: PAGE_SIZE },
      },
      signal,
    }),
  );
}

function subfoldersOf({ client, signal }: ListContext, accountId: string, folderId: string) {
  return collect(
    paginate(client, '/v4/accounts/{account_id}/folders/{folder_id}/folders', {
      params: { path: { account_id: accountId, folder_id: folderId }, query: { page_size: ASSET_PAGE_SIZE } },
      signal,
    }),
  );
}

function childrenOf({ client, signal }: ListContext, accountId: string, folderId: string): Promise<Asset[]> {
  return collect(
    paginate(client, '/v4/accounts/{account_id}/folders/{folder_id}/children', {
      params: { path: { account_id: accountId, folder_id: folderId }, query: { page_size: ASSET_PAGE_SIZE } },
      signal,
    }),
  );
}

const TYPE_ORDER: Readonly<Record<AssetEntry['type'], number>> = { folder: 0, version_stack: 1, file: 1 };

/** Folders first, then files and version stacks, each by name (numbers in names in numeric order). */
function byTypeThenName(a: AssetEntry, b: AssetEntry): number {
  return (
    TYPE_ORDER[a.type] - TYPE_ORDER[b.type] ||
    a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' })
  );
}

function toEntry(asset: Asset): AssetEntry {
  switch (asset.type) {
    case 'folder':
      return { type: 'folder', id: asset.id, name: asset.name };
    case 'file':
      return {
        type: 'file',
        id: asset.id,
        name: asset.name,
        file_size: asset.file_size,
        media_type: asset.media_type,
        status: asset.status,
      };
    case 'version_stack':
      return {
        type: 'version_stack',
        id: asset.id,
        name: asset.name,
        file_size: asset.head_version?.file_size ?? null,
        media_type: asset.head_version?.media_type ?? null,
        status: asset.head_version?.status ?? null,
      };
  }
}

/**
 * The folder's children, and theirs down to `depth` levels. Only the list requests go through
 * `context.limit`: a folder waiting for its subfolders holds no slot, so the tree cannot deadlock.
 */
export async function listFolder(
  context: ListContext,
  accountId: string,
  folderId: string,
  depth: number,
): Promise<AssetEntry[]> {
  const children = await context.limit(() => childrenOf(context, accountId, folderId));
  const entries = children.map(toEntry).sort(byTypeThenName);
  if (depth > 1) {
    const folders = entries.filter((entry) => entry.type === 'folder');
    await Promise.all(
      folders.map(async (folder) => {
        folder.children = await listFolder(context, accountId, folder.id, depth - 1);
      }),
    );
  }
  return entries;
}

function assetNode(entry: AssetEntry): TreeNode {
  const size =
    entry.type === 'folder' || entry.file_size === undefined
      ? ''
      : `  ${entry.file_size === null ? 'size unknown' : formatBytes(entry.file_size)}`;
  const kind = entry.type === 'version_stack' ? 'version stack' : entry.type;
  // `created` means the file exists but its bytes never (fully) arrived.
  const pending = entry.status === 'created' ? '  (not uploaded)' : '';
  const name = entry.type === 'folder' ? `${entry.name}/` : entry.name;
  return {
    label: `${name}${size}${pending}  ${kind} ${entry.id}`,
    children: entry.children?.length === 0 ? [{ label: '(empty)' }] : entry.children?.map(assetNode),
  };
}

const empty = (what: string): TreeNode[] => [{ label: `(no ${what})` }];

/** No path: every account, its workspaces and their projects. */
async function overview(context: CommandContext, list: ListContext): Promise<void> {
  const accounts = await accountsToSearch(list.client, context.options.account, list.signal);
  const tree = [];
  for (const account of accounts) {
    const workspaces = await workspacesOf(list, account.id);
    const withProjects = await mapLimit(workspaces, CONCURRENCY, async (workspace) => ({
      workspace,
      projects: await projectsOf(list, account.id, workspace.id),
    }));
    tree.push({ account, workspaces: withProjects });
  }
  if (context.options.json) {
    printJson(context, {
      accounts: tree.map(({ account, workspaces }) => ({
        id: account.id,
        name: account.display_name,
        workspaces: workspaces.map(({ workspace, projects }) => ({
          id: workspace.id,
          name: workspace.name,
          projects: projects.map((project) => ({
            id: project.id,
            name: project.name,
            root_folder_id: project.root_folder_id,
          })),
        })),
      })),
    });
    return;
  }
  const lines = tree.flatMap(({ account, workspaces }) =>
    renderTree({
      label: `${account.display_name}  account ${account.id}`,
      children:
        workspaces.length === 0
          ? empty('workspaces')
          : workspaces.map(({ workspace, projects }) => ({
              label: `${workspace.name}  workspace ${workspace.id}`,
              children:
                projects.length === 0
                  ? empty('projects')
                  : projects.map((project) => ({ label: `${project.name}  project ${project.id}` })),
            })),
    }),
  );
  context.stdout.write(`${lines.join('\n')}\n`);
}

/** Where a path led: a workspace (list its projects) or a folder (list its children). */
type Target =
  | { kind: 'workspace'; account: Account; workspace: Workspace }
  | { kind: 'folder'; account: Account; folderId: string; folderName: string; path: string };

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A project or folder id given as the first part of the path (`fio ls <folder-id>`): its folder. */
function byId(list: ListContext, accounts: readonly Account[], id: string) {
  return findInAccounts(accounts, async (account) => {
    const path = { account_id: account.id };
    try {
      const project = await unwrap(
        list.client.GET('/v4/accounts/{account_id}/projects/{project_id}', {
          params: { path: { ...path, project_id: id } },
          signal: list.signal,
        }),
      );
      return { id: project.data.root_folder_id, name: project.data.name };
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    // Not a project here: a folder, or (404/403 again) not in this account at all.
    const folder = await unwrap(
      list.client.GET('/v4/accounts/{account_id}/folders/{folder_id}', {
        params: { path: { ...path, folder_id: id } },
        signal: list.signal,
      }),
    );
    return { id: folder.data.id, name: folder.data.name };
  });
}

async function resolvePath(context: CommandContext, list: ListContext, segments: string[]): Promise<Target> {
  const accounts = await accountsToSearch(list.client, context.options.account, list.signal);
  const where = accounts.length === 1 ? `account ${accountLabel(accounts[0] as Account)}` : 'your accounts';
  const [first = '', ...rest] = segments;
  const workspaces = (
    await mapLimit(accounts, CONCURRENCY, async (account) =>
      (await workspacesOf(list, account.id)).map((workspace) => ({ ...workspace, account })),
    )
  ).flat();

  let workspace: (typeof workspaces)[number] | undefined;
  try {
    workspace = matchSegment(workspaces, first, 'workspace', where);
  } catch (error) {
    // Not a workspace: maybe the id of a project or folder (`fio ls <folder-id>`).
    const notFound = error instanceof CliError && error.exitCode === ExitCode.access;
    if (!notFound || !ID_PATTERN.test(first)) throw error;
  }

  let account: Account;
  let folder: { id: string; name: string };
  let remaining: string[];
  let shown: string[];
  if (workspace) {
    account = workspace.account;
    if (rest.length === 0) return { kind: 'workspace', account, workspace };
    const [projectSegment = '', ...folders] = rest;
    const projects = await projectsOf(list, account.id, workspace.id);
    const project = matchSegment(projects, projectSegment, 'project', `workspace "${workspace.name}"`);
    folder = { id: project.root_folder_id, name: project.name };
    remaining = folders;
    shown = [workspace.name, project.name];
  } else {
    const found = await byId(list, accounts, first);
    if (!found) {
      throw new CliError(
        `no workspace, project or folder "${first}" in ${where}: run \`fio ls\` to see the names and ids`,
        ExitCode.access,
      );
    }
    account = found.account;
    folder = found.resource;
    remaining = rest;
    shown = [found.resource.name];
  }
  for (const segment of remaining) {
    const subfolders = await subfoldersOf(list, account.id, folder.id);
    const next = matchSegment(subfolders, segment, 'folder', `"${shown.join('/')}"`);
    folder = { id: next.id, name: next.name };
    shown.push(next.name);
  }
  return { kind: 'folder', account, folderId: folder.id, folderName: folder.name, path: shown.join('/') };
}

/**
 * `fio ls [path]`: without a path, accounts → workspaces → projects; with `Workspace[/Project[/Folder…]]`
 * (names or ids), the workspace's projects or the folder's children, as a tree.
 */
export async function ls(context: CommandContext): Promise<void> {
  const depth = parseDepth(context.options.depth);
  const { client } = connect(context);
  const list: ListContext = { client, signal: context.signal, limit: createLimiter(CONCURRENCY) };
  const segments = (context.positionals[0] ?? '')
    .split('/')
    .map((segment) => segment.trim())
    .filter(Boolean);
  if (segments.length === 0) {
    await overview(context, list);
    return;
  }
  const target = await resolvePath(context, list, segments);
  const account = { id: target.account.id, name: target.account.display_name };
  if (target.kind === 'workspace') {
    const projects = await projectsOf(list, target.account.id, target.workspace.id);
    if (context.options.json) {
      printJson(context, {
        account,
        workspace: { id: target.workspace.id, name: target.workspace.name },
        projects: projects.map((project) => ({
          id: project.id,
          name: project.name,
          root_folder_id: project.root_folder_id,
        })),
      });
      return;
    }
    const lines = renderTree({
      label: `${target.workspace.name}  workspace ${target.workspace.id}`,
      children:
        projects.length === 0
          ? empty('projects')
          : projects.map((project) => ({ label: `${project.name}  project ${project.id}` })),
    });
    context.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  const children = await listFolder(list, target.account.id, target.folderId, depth);
  if (context.options.json) {
    printJson(context, {
      account,
      path: target.path,
      folder: { id: target.folderId, name: target.folderName },
      children,
    });
    return;
  }
  const lines = renderTree({
    label: `${target.path}/  folder ${target.folderId}`,
    children: children.length === 0 ? [{ label: '(empty)' }] : children.map(assetNode),
  });
  context.stdout.write(`${lines.join('\n')}\n`);
}
