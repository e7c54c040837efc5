import type { MockFile, MockFolder, MockVersionStack } from '../../resources/records.js';
import { fileJson, fileWithUploadUrlsJson, isoTime } from '../../resources/serialize.js';
import { mediaTypeFor } from '../../uploads/media-types.js';
import type { ApiRoute } from '../handlers.js';
import { bulkCopyHandler, bulkMoveHandler, copyDestination, moveAssetHandler } from './asset-operations.js';
import { assetPage, copiesComments, pathFile, pathFolder } from './assets.js';
import {
  type Found,
  invalidRequest,
  json,
  noContent,
  type ResourceScope,
  stringField,
  withRecord,
  withRecordAndData,
} from './shared.js';

/** Largest `file_size` V4 accepts: 5 TB (`FileCreateLocalUploadParams`). */
const MAX_FILE_SIZE = 5_000_000_000_000;

function fileSizeOf(data: Record<string, unknown>): Found<number> {
  const size = data.file_size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_FILE_SIZE) {
    return {
      ok: false,
      response: invalidRequest(
        { pointer: '/data/file_size' },
        `Body field /data/file_size must be the file's size in bytes, an integer from 1 to ${MAX_FILE_SIZE}.`,
      ),
    };
  }
  return { ok: true, value: size };
}

/**
 * Creates a file in `folder` from the body's `name` and `file_size`; `mediaTypeOf` gives its media type (read
 * from the body, or implied by the name). Fields are checked in that order: the first problem is the answer.
 */
function createFileFrom(
  scope: ResourceScope,
  folder: MockFolder,
  data: Record<string, unknown>,
  mediaTypeOf: (name: string) => Found<string>,
): Found<MockFile> {
  const name = stringField(data, 'name');
  if (!name.ok) return name;
  const mediaType = mediaTypeOf(name.value as string);
  if (!mediaType.ok) return mediaType;
  const size = fileSizeOf(data);
  if (!size.ok) return size;
  const file = scope.store.createFile({
    parent: folder,
    name: name.value as string,
    fileSize: size.value,
    mediaType: mediaType.value,
    creatorId: scope.userId,
  });
  return { ok: true, value: file };
}

/** Where a copy goes when the request names no parent: next to the original (its folder or version stack). */
function defaultCopyTarget(scope: ResourceScope, file: MockFile): MockFolder | MockVersionStack | undefined {
  if (file.parentId === null) return undefined;
  const parent = scope.store.asset(scope.account.id, file.parentId);
  return parent?.type === 'folder' || parent?.type === 'version_stack' ? parent : undefined;
}

/**
 * Files: list, create (`local_upload`, or with a media type), show, update, delete, upload status, move and
 * copy, one by one or in bulk (operations `files.*`). Upload URLs are served by `src/uploads/routes.ts`.
 */
export const fileRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/folders/:folder_id/files',
    handle: withRecord(pathFolder, (scope, folder) =>
      assetPage(
        scope,
        scope.store.children(folder.id).filter((asset) => asset.type === 'file'),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/folders/:folder_id/files/local_upload',
    handle: withRecordAndData(pathFolder, (scope, folder, data) => {
      const file = createFileFrom(scope, folder, data, (name) => ({ ok: true, value: mediaTypeFor(name) }));
      if (!file.ok) return file.response;
      return json({ data: fileWithUploadUrlsJson(scope.serializer, file.value) }, 201);
    }),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/folders/:folder_id/files',
    handle: withRecordAndData(pathFolder, (scope, folder, data) => {
      const created = createFileFrom(scope, folder, data, () => {
        const mediaType = stringField(data, 'media_type');
        return mediaType.ok ? { ok: true, value: mediaType.value as string } : mediaType;
      });
      if (!created.ok) return created.response;
      const file = created.value;
      // With a source_url V4 fetches the file itself (202); the emulator never fetches, so the file stays
      // `created`, without upload URLs.
      if (typeof data.source_url === 'string') {
        scope.store.uploads.delete(file.id);
        return json({ data: fileWithUploadUrlsJson(scope.serializer, file) }, 202);
      }
      return json({ data: fileWithUploadUrlsJson(scope.serializer, file) }, 201);
    }),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/files/move',
    handle: bulkMoveHandler('file', fileJson),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/files/copy',
    handle: bulkCopyHandler('file', fileJson),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/files/:file_id',
    handle: withRecord(pathFile, (scope, file) =>
      json({ data: fileJson(scope.serializer, file, scope.includes) }),
    ),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/files/:file_id',
    handle: withRecordAndData(pathFile, (scope, file, data) => {
      const name = stringField(data, 'name', { optional: true });
      if (!name.ok) return name.response;
      if (name.value !== undefined) file.name = name.value;
      file.updatedAt = scope.context.clock.now();
      // A stack is named after its head version.
      const parent = file.parentId === null ? undefined : scope.store.assets.get(file.parentId);
      if (parent?.type === 'version_stack' && scope.store.headVersion(parent) === file) {
        parent.name = file.name;
      }
      return json({ data: fileJson(scope.serializer, file) });
    }),
  },
  {
    method: 'DELETE',
    path: '/v4/accounts/:account_id/files/:file_id',
    handle: withRecord(pathFile, (scope, file) => {
      scope.store.deleteAsset(file);
      return noContent();
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/files/:file_id/status',
    handle: withRecord(pathFile, (scope, file) => {
      const upload = scope.store.uploads.get(file.id);
      const firstPartAt = upload?.parts.reduce<number | undefined>(
        (earliest, part) =>
          part.receivedAt === undefined ? earliest : Math.min(earliest ?? part.receivedAt, part.receivedAt),
        undefined,
      );
      const completedAt = upload?.completedAt;
      return json({
        data: {
          id: file.id,
          filetype: file.mediaType,
          upload_complete: completedAt !== undefined,
          upload_completed_at: completedAt === undefined ? null : isoTime(completedAt),
          upload_failed: false,
          uploaded_at:
            (firstPartAt ?? completedAt) === undefined
              ? null
              : isoTime((firstPartAt ?? completedAt) as number),
        },
      });
    }),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/files/:file_id/move',
    handle: moveAssetHandler(pathFile, fileJson),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/files/:file_id/copy',
    handle: withRecordAndData(
      pathFile,
      (scope, file, data) => {
        const target = copyDestination(
          scope,
          data,
          defaultCopyTarget(scope, file),
          'Give /data/parent_id: the folder to copy the file into.',
        );
        if (!target.ok) return target.response;
        const copy = scope.store.copyAsset(file, target.value, {
          copyComments: copiesComments(scope.url),
        }) as MockFile;
        return json({ data: fileJson(scope.serializer, copy) });
      },
      { optional: true },
    ),
  },
];
