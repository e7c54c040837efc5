import type { MockAsset, MockFile, MockFolder, MockVersionStack } from '../../resources/records.js';
import type { Json, SerializeContext } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import { bodyAssets, bodyFolder, copiesComments } from './assets.js';
import {
  type Found,
  invalidRequest,
  json,
  type ResourceScope,
  withData,
  withRecordAndData,
} from './shared.js';

/**
 * The move and copy handlers files, folders and version stacks share (operations `*.move`, `*.copy`,
 * `*.bulk_move`, `*.bulk_copy`). Each resource module keeps its own routes and what differs: where a copy
 * goes by default, and which copies take comments along.
 */

/** Serializes one asset of a kind for the answer (`fileJson`, `folderJson`, `versionStackJson`). */
type AssetJson<T extends MockAsset> = (serializer: SerializeContext, asset: T) => Json;

/** The kinds that have bulk routes; `type` names their body (`file_ids`) and answer (`source_file_id`) fields. */
type BulkAsset = MockFile | MockFolder;

/** The assets of `/data/<kind>_ids`, or the 4xx naming the first bad entry. */
function bodyList<T extends BulkAsset>(
  scope: ResourceScope,
  data: Record<string, unknown>,
  kind: T['type'],
): Found<T[]> {
  // bodyAssets checks each asset's type is `kind`, which is what makes them `T`.
  return bodyAssets(scope, data, `${kind}_ids`, kind) as Found<T[]>;
}

/** `store.moveAsset`'s refusal (a root folder, a folder into its own subtree) as a 422 on `/data/parent_id`. */
function moveProblem(scope: ResourceScope, asset: MockAsset, target: MockFolder): Response | undefined {
  const problem = scope.store.moveAsset(asset, target);
  return problem === undefined ? undefined : invalidRequest({ pointer: '/data/parent_id' }, problem);
}

/** `PATCH …/:id/move` `{ data: { parent_id } }`: moves the asset of the path and answers it. */
export function moveAssetHandler<T extends MockAsset>(
  find: (scope: ResourceScope) => Found<T>,
  toJson: AssetJson<T>,
): ApiRoute['handle'] {
  return withRecordAndData(find, (scope, asset, data) => {
    const target = bodyFolder(scope, data, 'move');
    if (!target.ok) return target.response;
    const problem = moveProblem(scope, asset, target.value);
    if (problem) return problem;
    return json({ data: toJson(scope.serializer, asset) });
  });
}

/**
 * `PATCH …/move` `{ data: { <kind>_ids, parent_id } }`: moves the assets in order and answers them. Like V4 it
 * is not atomic: a refused folder stops the request, the ones before it have moved.
 */
export function bulkMoveHandler<T extends BulkAsset>(
  kind: T['type'],
  toJson: AssetJson<T>,
): ApiRoute['handle'] {
  return withData((scope, data) => {
    const target = bodyFolder(scope, data, 'move');
    if (!target.ok) return target.response;
    const assets = bodyList<T>(scope, data, kind);
    if (!assets.ok) return assets.response;
    for (const asset of assets.value) {
      const problem = moveProblem(scope, asset, target.value);
      if (problem) return problem;
    }
    return json({ data: assets.value.map((asset) => toJson(scope.serializer, asset)) });
  });
}

/**
 * `POST …/copy` `{ data: { <kind>_ids, parent_id } }` (`?copy_comments=`): copies every asset into the folder,
 * answering `{ source_<kind>_id, <kind> }` per copy. Checked before anything is copied.
 */
export function bulkCopyHandler<T extends BulkAsset>(
  kind: T['type'],
  toJson: AssetJson<T>,
): ApiRoute['handle'] {
  return withData((scope, data) => {
    const target = bodyFolder(scope, data, 'copy');
    if (!target.ok) return target.response;
    const assets = bodyList<T>(scope, data, kind);
    if (!assets.ok) return assets.response;
    const copyComments = copiesComments(scope.url);
    // Only a folder can contain the target; for files this never refuses.
    for (const [index, asset] of assets.value.entries()) {
      if (scope.store.contains(asset, target.value)) {
        return invalidRequest(
          { pointer: `/data/${kind}_ids/${index}` },
          'A folder cannot be copied into itself or one of its subfolders; pick a parent_id outside it.',
        );
      }
    }
    return json({
      data: assets.value.map((asset) => ({
        [`source_${kind}_id`]: asset.id,
        [kind]: toJson(scope.serializer, scope.store.copyAsset(asset, target.value, { copyComments }) as T),
      })),
    });
  });
}

/**
 * Where a single copy goes: the folder of `/data/parent_id` when the body names one, else `fallback` (next to
 * the original); a 422 on `/data/parent_id` saying `missing` when there is neither.
 */
export function copyDestination(
  scope: ResourceScope,
  data: Record<string, unknown>,
  fallback: MockFolder | MockVersionStack | undefined,
  missing: string,
): Found<MockFolder | MockVersionStack> {
  if (data.parent_id !== undefined) return bodyFolder(scope, data, 'copy');
  return fallback
    ? { ok: true, value: fallback }
    : { ok: false, response: invalidRequest({ pointer: '/data/parent_id' }, missing) };
}

/** The folder an asset is in, the default destination of a folder or version stack copy. */
export function parentFolder(scope: ResourceScope, asset: MockAsset): MockFolder | undefined {
  return asset.parentId === null ? undefined : scope.store.folder(scope.account.id, asset.parentId);
}
