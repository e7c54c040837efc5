import type { MockVersionStack } from '../../resources/records.js';
import { versionStackJson } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import { MAX_PAGE_SIZE } from '../pagination.js';
import { copyDestination, moveAssetHandler, parentFolder } from './asset-operations.js';
import { assetPage, bodyAssets, pathFolder, pathVersionStack } from './assets.js';
import { invalidRequest, json, withRecord, withRecordAndData } from './shared.js';

/** Most files one `version_stacks.create` can stack (`VersionStackCreateParams.file_ids` in the spec). */
const MAX_STACKED_FILES = 10;

/**
 * Version stacks: list a folder's, create from files (the last file id becomes the head version), show, list
 * versions, move and copy (operations `version_stacks.*`).
 */
export const versionStackRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/folders/:folder_id/version_stacks',
    handle: withRecord(pathFolder, (scope, folder) =>
      assetPage(
        scope,
        scope.store.children(folder.id).filter((asset) => asset.type === 'version_stack'),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/folders/:folder_id/version_stacks',
    handle: withRecordAndData(pathFolder, (scope, folder, data) => {
      const files = bodyAssets(scope, data, 'file_ids', 'file');
      if (!files.ok) return files.response;
      if (files.value.length < 1 || files.value.length > MAX_STACKED_FILES) {
        return invalidRequest(
          { pointer: '/data/file_ids' },
          `Body field /data/file_ids must list 1 to ${MAX_STACKED_FILES} file ids, oldest version first.`,
        );
      }
      if (new Set(files.value.map((file) => file.id)).size !== files.value.length) {
        return invalidRequest(
          { pointer: '/data/file_ids' },
          'Body field /data/file_ids lists a file twice; list each once.',
        );
      }
      const stack = scope.store.createVersionStack({
        parent: folder,
        files: files.value,
        creatorId: scope.userId,
      });
      return json({ data: versionStackJson(scope.serializer, stack, scope.includes) }, 201);
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/version_stacks/:version_stack_id',
    handle: withRecord(pathVersionStack, (scope, stack) =>
      json({ data: versionStackJson(scope.serializer, stack, scope.includes) }),
    ),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/version_stacks/:version_stack_id/children',
    handle: withRecord(pathVersionStack, (scope, stack) => {
      // Versions in stack order (oldest first) unless a sort is given.
      const versions = stack.versionIds.flatMap((id) => {
        const file = scope.store.assets.get(id);
        return file ? [file] : [];
      });
      return assetPage(scope, versions, MAX_PAGE_SIZE);
    }),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/version_stacks/:version_stack_id/move',
    handle: moveAssetHandler(pathVersionStack, versionStackJson),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/version_stacks/:version_stack_id/copy',
    handle: withRecordAndData(
      pathVersionStack,
      (scope, stack, data) => {
        const target = copyDestination(
          scope,
          data,
          parentFolder(scope, stack),
          'Give /data/parent_id: the folder to copy the stack into.',
        );
        if (!target.ok) return target.response;
        const copy = scope.store.copyAsset(stack, target.value, { copyComments: false }) as MockVersionStack;
        return json({ data: versionStackJson(scope.serializer, copy) });
      },
      { optional: true },
    ),
  },
];
