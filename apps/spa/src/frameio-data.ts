import { type FrameioClient, type PaginatedItem, paginate, unwrap } from '@frameio-v4/api';

/** A project with where it lives, as listed on the home page. */
export interface ProjectEntry {
  accountId: string;
  accountName: string;
  workspaceName: string;
  id: string;
  name: string;
  rootFolderId: string;
}

/** One child of a folder, as listed on a project page. */
export interface FolderEntry {
  id: string;
  name: string;
  type: 'file' | 'folder' | 'version_stack';
  /** Bytes, for files. */
  size: number | undefined;
}

type FolderChild = PaginatedItem<'/v4/accounts/{account_id}/folders/{folder_id}/children'>;

const PAGE_SIZE = 100;

/**
 * Every project the user can see: accounts → workspaces → projects, following V4 pagination at each level.
 * Sorted by account, workspace and project name.
 */
export async function listProjects(client: FrameioClient, signal?: AbortSignal): Promise<ProjectEntry[]> {
  const projects: ProjectEntry[] = [];
  for await (const account of paginate(client, '/v4/accounts', {
    params: { query: { page_size: PAGE_SIZE } },
    signal,
  })) {
    const accountId = account.id;
    for await (const workspace of paginate(client, '/v4/accounts/{account_id}/workspaces', {
      params: { path: { account_id: accountId }, query: { page_size: PAGE_SIZE } },
      signal,
    })) {
      for await (const project of paginate(
        client,
        '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects',
        {
          params: {
            path: { account_id: accountId, workspace_id: workspace.id },
            query: { page_size: PAGE_SIZE },
          },
          signal,
        },
      )) {
        projects.push({
          accountId,
          accountName: account.display_name,
          workspaceName: workspace.name,
          id: project.id,
          name: project.name,
          rootFolderId: project.root_folder_id,
        });
      }
    }
  }
  const key = (project: ProjectEntry) => [project.accountName, project.workspaceName, project.name];
  return projects.sort((a, b) => key(a).join('\u0000').localeCompare(key(b).join('\u0000')));
}

/** The project (`GET /v4/accounts/{account_id}/projects/{project_id}`), for its name and root folder. */
export async function getProject(
  client: FrameioClient,
  accountId: string,
  projectId: string,
  signal?: AbortSignal,
): Promise<{ id: string; name: string; rootFolderId: string }> {
  const { data } = await unwrap(
    client.GET('/v4/accounts/{account_id}/projects/{project_id}', {
      params: { path: { account_id: accountId, project_id: projectId } },
      signal,
    }),
  );
  return { id: data.id, name: data.name, rootFolderId: data.root_folder_id };
}

/** A folder's children, folders first, then by name. */
export async function listFolder(
  client: FrameioClient,
  accountId: string,
  folderId: string,
  signal?: AbortSignal,
): Promise<FolderEntry[]> {
  const entries: FolderEntry[] = [];
  for await (const child of paginate(client, '/v4/accounts/{account_id}/folders/{folder_id}/children', {
    params: { path: { account_id: accountId, folder_id: folderId }, query: { page_size: PAGE_SIZE } },
    signal,
  })) {
    entries.push(toEntry(child));
  }
  const rank = (entry: FolderEntry) => (entry.type === 'folder' ? 0 : 1);
  return entries.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

function toEntry(child: FolderChild): FolderEntry {
  const size = 'file_size' in child && typeof child.file_size === 'number' ? child.file_size : undefined;
  return { id: child.id, name: child.name, type: child.type, size };
}
