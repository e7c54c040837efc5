import { type Includes, mediaLinkIncludes } from '../api/include.js';
import type { MockUser } from '../config.js';
import { hasContent } from '../uploads/upload.js';
import type {
  MockAccount,
  MockAsset,
  MockComment,
  MockFile,
  MockFolder,
  MockProject,
  MockShare,
  MockVersionStack,
  MockWebhook,
  MockWorkspace,
} from './records.js';
import type { ResourceStore } from './store.js';

/**
 * Turns the in-memory records into the V4 JSON shapes (schemas named in each function). Only fields the spec
 * declares are written, since several V4 schemas forbid unknown properties.
 */
export interface SerializeContext {
  readonly store: ResourceStore;
  findUser(id: string): MockUser | undefined;
  /** Media and upload URLs point here (the emulator serves them). */
  readonly apiBaseUrl: string;
}

/** A JSON object. */
export type Json = Record<string, unknown>;

/** RFC 3339 date-time, as V4 writes its timestamps. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : isoTime(ms);
}

/** Where the web app would show a project or asset (V4 `view_url`). */
const WEB_APP = 'https://next.frame.io';

/** V4 `User`: a person as other resources embed it (creator, owner). */
export function userJson(context: SerializeContext, userId: string): Json {
  const user = context.findUser(userId);
  if (!user) return { id: userId, name: null, email: '', avatar_url: null, active: false };
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    avatar_url: user.avatarUrl,
    active: true,
    adobe_user_id: user.imsUserId,
  };
}

/** V4 `Account`, with the roles of the user asking. */
export function accountJson(context: SerializeContext, account: MockAccount, userId: string): Json {
  return {
    id: account.id,
    adobe_id: account.adobeId,
    display_name: account.displayName,
    image: account.image,
    roles: account.members.get(userId) ?? [],
    storage_limit: account.storageLimit,
    storage_usage: context.store.accountStorage(account.id),
    created_at: isoTime(account.createdAt),
    updated_at: isoTime(account.updatedAt),
  };
}

/** V4 `Workspace` / `WorkspaceWithIncludes` (`creator`). */
export function workspaceJson(
  context: SerializeContext,
  workspace: MockWorkspace,
  includes?: Includes,
): Json {
  return {
    id: workspace.id,
    account_id: workspace.accountId,
    name: workspace.name,
    image: workspace.image,
    created_at: isoTime(workspace.createdAt),
    updated_at: isoTime(workspace.updatedAt),
    ...(includes?.has('creator') ? { creator: userJson(context, workspace.creatorId) } : {}),
  };
}

/** V4 `Project` / `ProjectWithIncludes` (`owner`). */
export function projectJson(context: SerializeContext, project: MockProject, includes?: Includes): Json {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    status: project.status,
    restricted: project.restricted,
    storage: context.store.projectStorage(project.id),
    workspace_id: project.workspaceId,
    root_folder_id: project.rootFolderId,
    view_url: `${WEB_APP}/project/${project.id}`,
    created_at: isoTime(project.createdAt),
    updated_at: isoTime(project.updatedAt),
    ...(includes?.has('owner') ? { owner: userJson(context, project.ownerId) } : {}),
  };
}

/** The fields every asset has (V4 `AssetCommon` / `AssetCommonWithIncludes`). */
function assetCommon(context: SerializeContext, asset: MockAsset, includes?: Includes): Json {
  const json: Json = {
    id: asset.id,
    name: asset.name,
    type: asset.type,
    project_id: asset.projectId,
    parent_id: asset.parentId,
    view_url: `${WEB_APP}/project/${asset.projectId}/view/${asset.id}`,
    created_at: isoTime(asset.createdAt),
    updated_at: isoTime(asset.updatedAt),
  };
  if (includes?.has('creator')) json.creator = userJson(context, asset.creatorId);
  if (includes?.has('project')) {
    const project = context.store.projects.get(asset.projectId);
    if (project) {
      json.project = projectJson(
        context,
        project,
        includes.has('project.owner') ? new Set(['owner']) : undefined,
      );
    }
  }
  // No metadata field definitions exist in the emulator, so every asset's metadata list is empty.
  if (includes?.has('metadata')) json.metadata = [];
  return json;
}

/** V4 `Folder` / `FolderWithIncludes`. */
export function folderJson(context: SerializeContext, folder: MockFolder, includes?: Includes): Json {
  return { ...assetCommon(context, folder, includes), cover_file_id: null };
}

/** Renditions that exist only for video (V4 transcodes videos into these). */
const VIDEO_RENDITIONS = new Set(['high_quality', 'efficient', 'video_h264_180', 'scrub_sheet']);

/** A URL the emulator serves for a file's media (no Authorization: the signature is in the URL, like a CDN). */
export function mediaUrl(
  context: SerializeContext,
  file: MockFile,
  rendition: string,
  disposition?: 'attachment' | 'inline',
): string {
  const signature = context.store.uploads.get(file.id)?.signature ?? '';
  const query = new URLSearchParams({ signature });
  if (disposition) query.set('disposition', disposition);
  return `${context.apiBaseUrl}/_mock/media/${file.id}/${rendition}?${query.toString()}`;
}

/**
 * V4 `MediaLinksCollection` with the renditions asked for. Links are `null` until the file is transcoded (V4:
 * "client must handle null media links"); the original needs the bytes too (`keepUploadedBytes`). Video-only
 * renditions are `null` for other media types.
 */
function mediaLinksJson(context: SerializeContext, file: MockFile, renditions: readonly string[]): Json {
  const upload = context.store.uploads.get(file.id);
  const transcoded = context.store.fileStatus(file) === 'transcoded';
  const isVideo = file.mediaType.startsWith('video/');
  const links: Json = {};
  for (const rendition of renditions) {
    if (rendition === 'original') {
      const available = transcoded && upload !== undefined && hasContent(upload);
      links.original = {
        download_url: available ? mediaUrl(context, file, 'original', 'attachment') : null,
        inline_url: available ? mediaUrl(context, file, 'original', 'inline') : null,
      };
      continue;
    }
    const available = transcoded && (isVideo || !VIDEO_RENDITIONS.has(rendition));
    const url = available ? mediaUrl(context, file, rendition) : null;
    if (rendition === 'high_quality' || rendition === 'efficient') links[rendition] = { download_url: url };
    else if (['thumbnail', 'thumbnail_high_quality', 'scrub_sheet', 'video_h264_180'].includes(rendition)) {
      links[rendition] = { download_url: url, url };
    }
  }
  return links;
}

/** V4 `File` / `FileWithIncludes` (`media_links.*`, `creator`, `project`, `metadata`). */
export function fileJson(context: SerializeContext, file: MockFile, includes?: Includes): Json {
  const json: Json = {
    ...assetCommon(context, file, includes),
    file_size: file.fileSize,
    media_type: file.mediaType,
    status: context.store.fileStatus(file),
  };
  const renditions = includes ? mediaLinkIncludes(includes) : [];
  if (renditions.length > 0) json.media_links = mediaLinksJson(context, file, renditions);
  return json;
}

/** V4 `FileWithUploadUrls`: the file plus its part URLs (`upload_urls: [{ size, url }]`). */
export function fileWithUploadUrlsJson(context: SerializeContext, file: MockFile): Json {
  const upload = context.store.uploads.get(file.id);
  return {
    ...fileJson(context, file),
    upload_urls: upload
      ? upload.parts.map((part) => ({ size: part.size, url: uploadUrl(context, file.id, part.number) }))
      : [],
  };
}

/** The presigned-style URL of one upload part (served by the emulator, see `src/uploads/routes.ts`). */
export function uploadUrl(context: SerializeContext, uploadId: string, partNumber: number): string {
  const upload = context.store.uploads.get(uploadId);
  const query = new URLSearchParams({
    expires: String(upload ? Math.floor(upload.expiresAt / 1000) : 0),
    signature: upload?.signature ?? '',
  });
  return `${context.apiBaseUrl}/_mock/uploads/${uploadId}/${partNumber}?${query.toString()}`;
}

/** V4 `VersionStack` / `VersionStackWithIncludes`; file includes apply to the head version too. */
export function versionStackJson(
  context: SerializeContext,
  stack: MockVersionStack,
  includes?: Includes,
): Json {
  const head = context.store.headVersion(stack);
  return {
    ...assetCommon(context, stack, includes),
    head_version: head ? fileJson(context, head, includes) : null,
  };
}

/** Any asset, by its type (V4 `AssetWithIncludes`). */
export function assetJson(context: SerializeContext, asset: MockAsset, includes?: Includes): Json {
  switch (asset.type) {
    case 'folder':
      return folderJson(context, asset, includes);
    case 'file':
      return fileJson(context, asset, includes);
    case 'version_stack':
      return versionStackJson(context, asset, includes);
  }
}

/** Frames per second used for `timestamp_as_timecode` (the emulator does not know real frame rates). */
export const TIMECODE_FPS = 24;

/** Frame number → SMPTE-style `HH:MM:SS:FF` at {@link TIMECODE_FPS}. */
export function frameToTimecode(frame: number): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const frames = frame % TIMECODE_FPS;
  const totalSeconds = Math.floor(frame / TIMECODE_FPS);
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}:${pad(frames)}`;
}

/** `HH:MM:SS:FF` → frame number; `undefined` when it is not a timecode. */
export function timecodeToFrame(timecode: string): number | undefined {
  const match = /^(\d{2,}):([0-5]\d):([0-5]\d):(\d{2})$/.exec(timecode);
  if (!match) return undefined;
  const [hours, minutes, seconds, frames] = match.slice(1).map(Number) as [number, number, number, number];
  if (frames >= TIMECODE_FPS) return undefined;
  return ((hours * 60 + minutes) * 60 + seconds) * TIMECODE_FPS + frames;
}

/** Options of {@link commentJson}. */
export interface CommentJsonOptions {
  includes?: Includes;
  /** `timestamp_as_timecode=true`: the timestamp as `HH:MM:SS:FF` instead of a frame number. */
  timecode?: boolean;
}

/** V4 `Comment` / `CommentWithIncludes` (`owner`, `replies`). */
export function commentJson(
  context: SerializeContext,
  comment: MockComment,
  options: CommentJsonOptions = {},
): Json {
  const { includes, timecode = false } = options;
  const json: Json = {
    id: comment.id,
    file_id: comment.fileId,
    text: comment.text,
    annotation: comment.annotation,
    anchor: comment.anchor,
    timestamp:
      comment.timestamp === null ? null : timecode ? frameToTimecode(comment.timestamp) : comment.timestamp,
    duration: comment.duration,
    page: comment.page,
    links: comment.links.map((link) => ({
      start_index: link.startIndex,
      end_index: link.endIndex,
      url: link.url,
      text: comment.text.slice(link.startIndex, link.endIndex),
    })),
    mentions: mentionsOf(context, comment.text),
    text_review_annotation: comment.textReviewAnnotation
      ? {
          bounds: comment.textReviewAnnotation.bounds.map((bound) => ({ ...bound })),
          selection_text: comment.textReviewAnnotation.selectionText,
          suggested_text: comment.textReviewAnnotation.suggestedText,
          text_review_annotation_type: comment.textReviewAnnotation.type,
        }
      : null,
    attachments: comment.attachments.map((attachment) => {
      const complete = context.store.uploads.get(attachment.id)?.completedAt !== undefined;
      return {
        id: attachment.id,
        name: attachment.name,
        file_size: attachment.fileSize,
        media_type: attachment.mediaType,
        created_at: isoTime(attachment.createdAt),
        upload_urls: complete ? null : [uploadUrl(context, attachment.id, 1)],
      };
    }),
    completed_at: isoOrNull(comment.completedAt),
    completer_id: comment.completerId,
    text_edited_at: isoOrNull(comment.textEditedAt),
    created_at: isoTime(comment.createdAt),
    updated_at: isoTime(comment.updatedAt),
  };
  if (includes?.has('owner')) json.owner = userJson(context, comment.ownerId);
  if (includes?.has('replies')) {
    json.replies = [...context.store.comments.values()]
      .filter((reply) => reply.parentId === comment.id)
      .map((reply) => commentJson(context, reply, { timecode }));
  }
  return json;
}

/** `@email` mentions of known users in a comment's text (V4 `Mention`). */
function mentionsOf(context: SerializeContext, text: string): Json[] {
  const mentions: Json[] = [];
  for (const match of text.matchAll(/@([^\s@]+@[^\s@]+\.[^\s@,.;:!?]+)/g)) {
    const user = context.findUser(match[1] as string);
    if (!user) continue;
    mentions.push({
      start_index: match.index,
      end_index: match.index + match[0].length,
      text: match[0],
      user_id: user.id,
    });
  }
  return mentions;
}

/** V4 `Share`. The passphrase is never echoed back. */
export function shareJson(share: MockShare): Json {
  return {
    ...share.settings,
    id: share.id,
    name: share.name,
    description: share.description,
    collection_id: share.collectionId,
    short_url: `https://f.io/${share.shortCode}`,
    access: share.access,
    enabled: share.enabled,
    commenting_enabled: share.commentingEnabled,
    downloading_enabled: share.downloadingEnabled,
    expiration: isoOrNull(share.expiration),
    last_viewed_at: isoOrNull(share.lastViewedAt),
    created_at: isoTime(share.createdAt),
    updated_at: isoTime(share.updatedAt),
  };
}

/** V4 `Webhook` / `WebhookWithIncludes` (`creator`); `withSecret` only in the create response. */
export function webhookJson(
  context: SerializeContext,
  webhook: MockWebhook,
  options: { includes?: Includes; withSecret?: boolean } = {},
): Json {
  return {
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    events: [...webhook.events],
    active: webhook.active,
    workspace_id: webhook.workspaceId,
    created_at: isoTime(webhook.createdAt),
    updated_at: isoTime(webhook.updatedAt),
    ...(options.includes?.has('creator') ? { creator: userJson(context, webhook.creatorId) } : {}),
    ...(options.withSecret ? { secret: webhook.secret } : {}),
  };
}
