import type { MockFolder } from '../../resources/records.js';
import { folderJson } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import {
  bulkCopyHandler,
  bulkMoveHandler,
  copyDestination,
  moveAssetHandler,
  parentFolder,
} from './asset-operations.js';
import { assetPage, pathFolder } from './assets.js';
import { invalidRequest, json, noContent, stringField, withRecord, withRecordAndData } from './shared.js';

const ASSET_TYPES = new Set(['file', 'folder', 'version_stack']);

/**
 * Folders: children (files, folders, version stacks), subfolders, create, show, update, delete, move and copy,
 * one by one or in bulk (operations `folders.*`).
 */
export const folderRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/folders/:folder_id/children',
    handle: withRecord(pathFolder, (scope, folder) => {
      // `type=file,folder` keeps only those kinds (`ChildrenType` in the spec).
      const typeFilter = scope.url.searchParams.get('type');
      const types = typeFilter
        ? new Set(
            typeFilter
              .split(',')
              .map((type) => type.trim())
              .filter((type) => ASSET_TYPES.has(type)),
          )
        : ASSET_TYPES;
      return assetPage(
        scope,
        scope.store.children(folder.id).filter((asset) => types.has(asset.type)),
      );
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/folders/:folder_id/folders',
    handle: withRecord(pathFolder, (scope, folder) =>
      assetPage(
        scope,
        scope.store.children(folder.id).filter((asset) => asset.type === 'folder'),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/folders/:folder_id/folders',
    handle: withRecordAndData(pathFolder, (scope, parent, data) => {
      const name = stringField(data, 'name', { optional: true });
      if (!name.ok) return name.response;
      const folder = scope.store.createFolder({
        parent,
        // The spec makes `name` optional; the web app calls an unnamed folder this.
        name: name.value ?? 'New Folder',
        creatorId: scope.userId,
      });
      return json({ data: folderJson(scope.serializer, folder) }, 201);
    }),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/folders/move',
    handle: bulkMoveHandler('folder', folderJson),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/folders/copy',
    handle: bulkCopyHandler('folder', folderJson),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/folders/:folder_id',
    handle: withRecord(pathFolder, (scope, folder) =>
      json({ data: folderJson(scope.serializer, folder, scope.includes) }),
    ),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/folders/:folder_id',
    handle: withRecordAndData(pathFolder, (scope, folder, data) => {
      const name = stringField(data, 'name', { optional: true });
      if (!name.ok) return name.response;
      if (name.value !== undefined) folder.name = name.value;
      folder.updatedAt = scope.context.clock.now();
      return json({ data: folderJson(scope.serializer, folder) });
    }),
  },
  {
    method: 'DELETE',
    path: '/v4/accounts/:account_id/folders/:folder_id',
    handle: withRecord(pathFolder, (scope, folder) => {
      if (folder.parentId === null) {
        return invalidRequest(
          { parameter: 'folder_id' },
          "A project's root folder cannot be deleted. Delete the project, or delete the folders inside it.",
        );
      }
      scope.store.deleteAsset(folder);
      return noContent();
    }),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/folders/:folder_id/move',
    handle: moveAssetHandler(pathFolder, folderJson),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/folders/:folder_id/copy',
    handle: withRecordAndData(
      pathFolder,
      (scope, folder, data) => {
        // Without a parent_id the copy goes next to the original (V4 `FolderCopyParams` makes it optional).
        const target = copyDestination(
          scope,
          data,
          parentFolder(scope, folder),
          "A project's root folder has no parent to copy next to: give /data/parent_id.",
        );
        if (!target.ok) return target.response;
        if (scope.store.contains(folder, target.value)) {
          return invalidRequest(
            { pointer: '/data/parent_id' },
            'A folder cannot be copied into itself or one of its subfolders; pick a parent outside it.',
          );
        }
        const copy = scope.store.copyAsset(folder, target.value, { copyComments: false }) as MockFolder;
        return json({ data: folderJson(scope.serializer, copy) });
      },
      { optional: true },
    ),
  },
];
