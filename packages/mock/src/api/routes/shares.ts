import type { MockAsset, MockShare } from '../../resources/records.js';
import { shareJson } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import { MAX_PAGE_SIZE } from '../pagination.js';
import { assetPage, bodyNotFound } from './assets.js';
import {
  type Found,
  invalidRequest,
  json,
  listPage,
  noContent,
  notFound,
  pathProject,
  pathRecord,
  type ResourceScope,
  withRecord,
  withRecordAndData,
} from './shared.js';

/** Optional `Share` settings the emulator stores as sent and echoes back (layout, theme, watermarks, …). */
const SETTING_FIELDS = [
  'accent_color',
  'captions_enabled',
  'card_aspect_ratio',
  'card_info_enabled',
  'card_size',
  'drm_enabled',
  'editable_fields_enabled',
  'featured_field_definition_id',
  'forensic_watermark_enabled',
  'icons_visible_on_list',
  'layout',
  'list_row_size',
  'name_column_width',
  'open_in_viewer_enabled',
  'reel_card_aspect_ratio',
  'reel_card_fit_image',
  'show_all_asset_versions',
  'show_asset_name_in_reel_layout',
  'sort_by',
  'theme',
  'thumbnail_scale',
  'title_line_count',
  'transcripts_enabled',
  'visible_field_definition_ids',
  'watermark_enabled',
] as const;

function settingsOf(data: Record<string, unknown>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) if (data[field] !== undefined) settings[field] = data[field];
  return settings;
}

function expirationOf(value: unknown): Found<number | null | undefined> {
  if (value === undefined || value === null) return { ok: true, value: value as null | undefined };
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    return {
      ok: false,
      response: invalidRequest(
        { pointer: '/data/expiration' },
        'Body field /data/expiration must be an RFC 3339 date-time.',
      ),
    };
  }
  return { ok: true, value: time };
}

/** An asset a share may show: in the share's project. */
function shareableAsset(
  scope: ResourceScope,
  projectId: string,
  id: unknown,
  pointer: string,
): Found<MockAsset> {
  const asset = typeof id === 'string' ? scope.store.asset(scope.account.id, id) : undefined;
  if (!asset) return { ok: false, response: bodyNotFound(pointer, 'Asset', id) };
  if (asset.projectId !== projectId) {
    return {
      ok: false,
      response: invalidRequest(
        { pointer },
        `Asset ${asset.id} is in another project; a share shows assets of its own project.`,
      ),
    };
  }
  return { ok: true, value: asset };
}

const SHARES_HINT =
  'List the shares of a project with GET /v4/accounts/{account_id}/projects/{project_id}/shares.';

function findShare(scope: ResourceScope): Found<MockShare> {
  return pathRecord(scope, 'share_id', 'Share', 'share', SHARES_HINT);
}

/** Shares (review links) of a project: list, create, show, update, delete, and their assets (`shares.*`). */
export const shareRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/projects/:project_id/shares',
    handle: withRecord(pathProject, (scope, project) =>
      listPage(
        scope,
        [...scope.store.shares.values()].filter((share) => share.projectId === project.id),
        { name: (share) => share.name, created_at: (share) => share.createdAt },
        shareJson,
      ),
    ),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/projects/:project_id/shares',
    handle: withRecordAndData(pathProject, (scope, project, data) => {
      const projectId = project.id;
      if (typeof data.name !== 'string' || data.name.trim() === '') {
        return invalidRequest({ pointer: '/data/name' }, 'Body field /data/name must be a non-empty string.');
      }
      const expiration = expirationOf(data.expiration);
      if (!expiration.ok) return expiration.response;
      const assetIds: string[] = [];
      for (const [index, id] of (Array.isArray(data.asset_ids) ? data.asset_ids : []).entries()) {
        const asset = shareableAsset(scope, projectId, id, `/data/asset_ids/${index}`);
        if (!asset.ok) return asset.response;
        if (!assetIds.includes(asset.value.id)) assetIds.push(asset.value.id);
      }
      const share = scope.store.createShare({
        accountId: scope.account.id,
        projectId,
        name: data.name,
        description: typeof data.description === 'string' ? data.description : null,
        access: data.access === 'secure' ? 'secure' : 'public',
        ...(typeof data.enabled === 'boolean' ? { enabled: data.enabled } : {}),
        ...(typeof data.commenting_enabled === 'boolean'
          ? { commentingEnabled: data.commenting_enabled }
          : {}),
        ...(typeof data.downloading_enabled === 'boolean'
          ? { downloadingEnabled: data.downloading_enabled }
          : {}),
        expiration: expiration.value ?? null,
        passphrase: typeof data.passphrase === 'string' ? data.passphrase : null,
        settings: settingsOf(data),
        assetIds,
      });
      return json({ data: shareJson(share) }, 201);
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/shares/:share_id',
    handle: withRecord(findShare, (_scope, share) => json({ data: shareJson(share) })),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/shares/:share_id',
    handle: withRecordAndData(findShare, (scope, share, data) => {
      const expiration = expirationOf(data.expiration);
      if (!expiration.ok) return expiration.response;
      if (typeof data.name === 'string') share.name = data.name;
      if (data.description !== undefined)
        share.description = typeof data.description === 'string' ? data.description : null;
      if (data.access === 'public' || data.access === 'secure') share.access = data.access;
      if (typeof data.enabled === 'boolean') share.enabled = data.enabled;
      if (typeof data.commenting_enabled === 'boolean') share.commentingEnabled = data.commenting_enabled;
      if (typeof data.downloading_enabled === 'boolean') share.downloadingEnabled = data.downloading_enabled;
      if (expiration.value !== undefined) share.expiration = expiration.value;
      if (data.passphrase !== undefined)
        share.passphrase = typeof data.passphrase === 'string' ? data.passphrase : null;
      Object.assign(share.settings, settingsOf(data));
      share.updatedAt = scope.context.clock.now();
      return json({ data: shareJson(share) });
    }),
  },
  {
    method: 'DELETE',
    path: '/v4/accounts/:account_id/shares/:share_id',
    handle: withRecord(findShare, (scope, share) => {
      scope.store.shares.delete(share.id);
      return noContent();
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/shares/:share_id/assets',
    handle: withRecord(findShare, (scope, share) => {
      const assets = share.assetIds.flatMap((id) => {
        const asset = scope.store.assets.get(id);
        return asset ? [asset] : [];
      });
      return assetPage(scope, assets, MAX_PAGE_SIZE);
    }),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/shares/:share_id/assets',
    handle: withRecordAndData(findShare, (scope, share, data) => {
      const asset = shareableAsset(scope, share.projectId, data.asset_id, '/data/asset_id');
      if (!asset.ok) return asset.response;
      if (!share.assetIds.includes(asset.value.id)) share.assetIds.push(asset.value.id);
      share.updatedAt = scope.context.clock.now();
      return json({ data: { ...shareJson(share), asset_added: asset.value.id } });
    }),
  },
  {
    method: 'DELETE',
    path: '/v4/accounts/:account_id/shares/:share_id/assets/:asset_id',
    handle: withRecord(findShare, (scope, share) => {
      const assetId = scope.params.asset_id ?? '';
      const index = share.assetIds.indexOf(assetId);
      if (index === -1) {
        return notFound(
          'Asset',
          assetId,
          `It is not in share ${share.id}; list them with GET …/shares/${share.id}/assets.`,
        );
      }
      share.assetIds.splice(index, 1);
      share.updatedAt = scope.context.clock.now();
      return json({ data: { ...shareJson(share), asset_removed: assetId } });
    }),
  },
];
