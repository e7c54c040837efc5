/**
 * The emulator's in-memory V4 resources. Field names are camelCase and times are epoch milliseconds on the
 * mock clock; `src/resources/serialize.ts` turns them into the spec's JSON shapes.
 */

/** A user's roles in an account (V4 `Account.roles`). */
export type AccountRole = 'owner' | 'admin' | 'member';

/** A Frame.io account. Only its members (by Frame.io user id) can see it or anything in it. */
export interface MockAccount {
  readonly id: string;
  /** `adobe:<adobeId>` also works as `account_id` in paths. */
  adobeId: string | null;
  displayName: string;
  image: string | null;
  /** Bytes; `null` for unlimited. */
  storageLimit: number | null;
  /** Frame.io user id → that user's roles in the account. */
  readonly members: Map<string, AccountRole[]>;
  readonly createdAt: number;
  updatedAt: number;
}

/** A workspace of an account. */
export interface MockWorkspace {
  readonly id: string;
  readonly accountId: string;
  name: string;
  image: string | null;
  readonly creatorId: string;
  readonly createdAt: number;
  updatedAt: number;
}

/** A project of a workspace; its files live under `rootFolderId`. */
export interface MockProject {
  readonly id: string;
  readonly accountId: string;
  workspaceId: string;
  name: string;
  description: string | null;
  status: 'active' | 'inactive';
  restricted: boolean;
  readonly rootFolderId: string;
  readonly ownerId: string;
  readonly createdAt: number;
  updatedAt: number;
}

interface MockAssetBase {
  readonly id: string;
  readonly accountId: string;
  projectId: string;
  /** The folder (or, for a file, the version stack) it is in; `null` only for a project's root folder. */
  parentId: string | null;
  name: string;
  readonly creatorId: string;
  readonly createdAt: number;
  updatedAt: number;
}

/** A folder. */
export interface MockFolder extends MockAssetBase {
  readonly type: 'folder';
}

/** A file; its bytes and upload progress are in `MockUpload` under the same id. */
export interface MockFile extends MockAssetBase {
  readonly type: 'file';
  readonly fileSize: number;
  readonly mediaType: string;
}

/** A version stack: files whose `parentId` is the stack. The last version is the head. */
export interface MockVersionStack extends MockAssetBase {
  readonly type: 'version_stack';
  /** File ids, oldest first; the head version is the last one. */
  readonly versionIds: string[];
}

/** Any asset: what a folder's children listing returns. */
export type MockAsset = MockFolder | MockFile | MockVersionStack;

/** A comment anchor point, relative to the media (0..1). */
export interface MockAnchor {
  x: number;
  y: number;
}

/** A link inside a comment's text. */
export interface MockCommentLink {
  startIndex: number;
  endIndex: number;
  url: string;
}

/** A file attached to a comment; it is uploaded like a file (one part). */
export interface MockCommentAttachment {
  readonly id: string;
  readonly name: string;
  readonly fileSize: number;
  readonly mediaType: string;
  readonly createdAt: number;
}

/** A text-review annotation (documents), stored as sent. */
export interface MockTextReviewAnnotation {
  bounds: { x: number; y: number; width: number; height: number }[];
  selectionText: string | null;
  suggestedText: string | null;
  type: 'highlight' | 'insert' | 'remove' | 'replace';
}

/** A comment on a file, or a reply to one (`parentId`). */
export interface MockComment {
  readonly id: string;
  readonly accountId: string;
  readonly fileId: string;
  /** The comment this one replies to. */
  readonly parentId: string | null;
  readonly ownerId: string;
  text: string;
  annotation: string | null;
  anchor: MockAnchor | null;
  /** Frame number in the media (24 fps timecode with `timestamp_as_timecode=true`). */
  timestamp: number | null;
  duration: number | null;
  page: number | null;
  links: MockCommentLink[];
  textReviewAnnotation: MockTextReviewAnnotation | null;
  readonly attachments: MockCommentAttachment[];
  completedAt: number | null;
  completerId: string | null;
  textEditedAt: number | null;
  readonly createdAt: number;
  updatedAt: number;
}

/** Share settings the emulator stores and echoes (V4 `Share` fields it knows beyond the required ones). */
export type MockShareSettings = Record<string, unknown>;

/** A share (review link) of a project, with the assets it shows. */
export interface MockShare {
  readonly id: string;
  readonly accountId: string;
  readonly projectId: string;
  /** Every share is backed by a collection (V4 `Share.collection_id`). */
  readonly collectionId: string;
  readonly shortCode: string;
  name: string;
  description: string | null;
  access: 'public' | 'secure';
  enabled: boolean;
  commentingEnabled: boolean;
  downloadingEnabled: boolean;
  expiration: number | null;
  passphrase: string | null;
  /** Optional V4 share settings (layout, theme, …), stored as sent and echoed back. */
  settings: MockShareSettings;
  readonly assetIds: string[];
  lastViewedAt: number | null;
  readonly createdAt: number;
  updatedAt: number;
}

/** A webhook of a workspace. `secret` signs deliveries; the API returns it only when creating. */
export interface MockWebhook {
  readonly id: string;
  readonly accountId: string;
  readonly workspaceId: string;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  readonly secret: string;
  readonly creatorId: string;
  readonly createdAt: number;
  updatedAt: number;
}
