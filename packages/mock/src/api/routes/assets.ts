import type { MockAsset, MockFile, MockFolder, MockVersionStack } from '../../resources/records.js';
import { assetJson } from '../../resources/serialize.js';
import { v4ErrorResponse } from '../errors.js';
import { MAX_ASSET_PAGE_SIZE, type SortKeys } from '../pagination.js';
import { type Found, invalidRequest, listPage, pathRecord, type ResourceScope } from './shared.js';

/** Sort fields of asset lists (`FolderSort`, `FileSort`, … in the spec). */
export const ASSET_SORT_KEYS: SortKeys<MockAsset> = {
  name: (asset) => asset.name,
  created_at: (asset) => asset.createdAt,
  updated_at: (asset) => asset.updatedAt,
  file_size: (asset) => (asset.type === 'file' ? asset.fileSize : null),
};

/** One page of assets in the V4 `AssetWithIncludes` shape (folder, file and version stack lists). */
export function assetPage(
  scope: ResourceScope,
  assets: readonly MockAsset[],
  maxPageSize = MAX_ASSET_PAGE_SIZE,
) {
  return listPage(
    scope,
    assets,
    ASSET_SORT_KEYS,
    (asset) => assetJson(scope.serializer, asset, scope.includes),
    maxPageSize,
  );
}

const HINTS = {
  folder:
    "Use a project's root_folder_id (GET /v4/accounts/{account_id}/projects/{project_id}) or list a folder's children.",
  file: 'List the files of a folder with GET /v4/accounts/{account_id}/folders/{folder_id}/files.',
  version_stack:
    'List the version stacks of a folder with GET /v4/accounts/{account_id}/folders/{folder_id}/version_stacks.',
};

/** The folder named by the path parameter `param` (default `folder_id`), or a 404. */
export function pathFolder(scope: ResourceScope, param = 'folder_id'): Found<MockFolder> {
  return pathRecord(scope, param, 'Folder', 'folder', HINTS.folder);
}

/** The file of the `file_id` path parameter, or a 404. */
export function pathFile(scope: ResourceScope): Found<MockFile> {
  return pathRecord(scope, 'file_id', 'File', 'file', HINTS.file);
}

/** The version stack of the `version_stack_id` path parameter, or a 404. */
export function pathVersionStack(scope: ResourceScope): Found<MockVersionStack> {
  return pathRecord(scope, 'version_stack_id', 'Version stack', 'versionStack', HINTS.version_stack);
}

/** A 404 about an id in the request body, pointing at the field. */
export function bodyNotFound(pointer: string, kind: string, id: unknown): Response {
  return v4ErrorResponse(404, [
    {
      title: 'Not Found',
      detail: `Body field ${pointer}: ${kind} ${String(id)} was not found in this account. Check the id.`,
      source: { pointer },
    },
  ]);
}

/**
 * The destination folder of a move or copy, `/data/parent_id`: a 422 when it is missing (the spec leaves it
 * optional on single moves, but there is nowhere to move to without it), a 404 pointing at it when unknown.
 */
export function bodyFolder(
  scope: ResourceScope,
  data: Record<string, unknown>,
  action: 'move' | 'copy',
): Found<MockFolder> {
  const id = data.parent_id;
  if (id === undefined) {
    return {
      ok: false,
      response: invalidRequest(
        { pointer: '/data/parent_id' },
        `Body field /data/parent_id is required to ${action}: give the id of the destination folder.`,
      ),
    };
  }
  const folder = typeof id === 'string' ? scope.store.folder(scope.account.id, id) : undefined;
  return folder
    ? { ok: true, value: folder }
    : { ok: false, response: bodyNotFound('/data/parent_id', 'Folder', id) };
}

/** Files, folders or version stacks named in a body list (`/data/file_ids`), or a 404 for the first unknown one. */
export function bodyAssets<T extends MockAsset['type']>(
  scope: ResourceScope,
  data: Record<string, unknown>,
  field: string,
  type: T,
): Found<Extract<MockAsset, { type: T }>[]> {
  const ids = data[field];
  if (!Array.isArray(ids)) {
    return {
      ok: false,
      response: invalidRequest(
        { pointer: `/data/${field}` },
        `Body field /data/${field} must be a list of ids.`,
      ),
    };
  }
  const found: Extract<MockAsset, { type: T }>[] = [];
  for (const [index, id] of ids.entries()) {
    const asset = typeof id === 'string' ? scope.store.asset(scope.account.id, id) : undefined;
    if (asset?.type !== type) {
      const kind = type === 'version_stack' ? 'Version stack' : type === 'file' ? 'File' : 'Folder';
      return { ok: false, response: bodyNotFound(`/data/${field}/${index}`, kind, id) };
    }
    found.push(asset as Extract<MockAsset, { type: T }>);
  }
  return { ok: true, value: found };
}

/** `copy_comments` other than `none` copies a file's comments (`CopyComments` in the spec). */
export function copiesComments(url: URL): boolean {
  const value = url.searchParams.get('copy_comments');
  return value !== null && value !== 'none';
}
