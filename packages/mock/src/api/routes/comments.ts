import type {
  MockComment,
  MockCommentLink,
  MockFile,
  MockTextReviewAnnotation,
} from '../../resources/records.js';
import { commentJson, timecodeToFrame } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import { pathFile } from './assets.js';
import {
  type Found,
  invalidRequest,
  json,
  listPage,
  noContent,
  pathRecord,
  queryFlag,
  type ResourceScope,
  stringField,
  withRecord,
  withRecordAndData,
} from './shared.js';

/** Comment timestamps are for time-based media only (`TimeStamp` in the spec: audio, stream or video). */
function isTimeBased(file: MockFile): boolean {
  return file.mediaType.startsWith('video/') || file.mediaType.startsWith('audio/');
}

/** `timestamp`: a frame number, or an `HH:MM:SS:FF` timecode (24 fps). */
function readTimestamp(file: MockFile, value: unknown): Found<number | null> {
  if (value === null) return { ok: true, value: null };
  const frame = typeof value === 'string' ? timecodeToFrame(value) : value;
  if (typeof frame !== 'number' || !Number.isInteger(frame) || frame < 0) {
    return {
      ok: false,
      response: invalidRequest(
        { pointer: '/data/timestamp' },
        'Body field /data/timestamp must be a frame number (integer >= 0) or a timecode HH:MM:SS:FF.',
      ),
    };
  }
  if (!isTimeBased(file)) {
    return {
      ok: false,
      response: invalidRequest(
        { pointer: '/data/timestamp' },
        `Body field /data/timestamp is only allowed on audio and video files; ${file.name} is ${file.mediaType}. ` +
          'Leave it out, or use anchor (images) or page (documents).',
      ),
    };
  }
  return { ok: true, value: frame };
}

function readLinks(text: string, value: unknown): Found<MockCommentLink[]> {
  if (!Array.isArray(value)) return { ok: true, value: [] };
  const links: MockCommentLink[] = [];
  for (const [index, link] of value.entries()) {
    const { start_index: startIndex, end_index: endIndex, url } = (link ?? {}) as Record<string, unknown>;
    if (
      typeof startIndex !== 'number' ||
      typeof endIndex !== 'number' ||
      typeof url !== 'string' ||
      startIndex < 0 ||
      endIndex <= startIndex ||
      endIndex > text.length
    ) {
      return {
        ok: false,
        response: invalidRequest(
          { pointer: `/data/links/${index}` },
          `Body field /data/links/${index} must have a url and 0 <= start_index < end_index <= the text length (${text.length}).`,
        ),
      };
    }
    links.push({ startIndex, endIndex, url });
  }
  return { ok: true, value: links };
}

function readTextReview(value: unknown): MockTextReviewAnnotation | null {
  if (value === null || typeof value !== 'object') return null;
  const review = value as Record<string, unknown>;
  const type = review.text_review_annotation_type;
  return {
    bounds: Array.isArray(review.bounds) ? (review.bounds as MockTextReviewAnnotation['bounds']) : [],
    selectionText: typeof review.selection_text === 'string' ? review.selection_text : null,
    suggestedText: typeof review.suggested_text === 'string' ? review.suggested_text : null,
    type: type === 'insert' || type === 'remove' || type === 'replace' ? type : 'highlight',
  };
}

function readAnchor(value: unknown): MockComment['anchor'] {
  if (value === null || typeof value !== 'object') return null;
  const { x, y } = value as Record<string, unknown>;
  return typeof x === 'number' && typeof y === 'number' ? { x, y } : null;
}

function intOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

const COMMENTS_HINT =
  'List the comments of a file with GET /v4/accounts/{account_id}/files/{file_id}/comments.';

function findComment(scope: ResourceScope): Found<MockComment> {
  return pathRecord(scope, 'comment_id', 'Comment', 'comment', COMMENTS_HINT);
}

function fileOf(scope: ResourceScope, comment: MockComment): MockFile | undefined {
  return scope.store.file(scope.account.id, comment.fileId);
}

/** Comments on files: list, create, show, update (text, completion, …), delete (operations `comments.*`). */
export const commentRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/files/:file_id/comments',
    handle: withRecord(pathFile, (scope, file) => {
      const timecode = queryFlag(scope.url, 'timestamp_as_timecode');
      // Replies are listed under their comment (`include=replies`), not on their own.
      return listPage(
        scope,
        [...scope.store.comments.values()].filter(
          (comment) => comment.fileId === file.id && comment.parentId === null,
        ),
        {
          created_at: (comment) => comment.createdAt,
          completed_at: (comment) => comment.completedAt,
          owner: (comment) => scope.context.state.findUser(comment.ownerId)?.name ?? null,
        },
        (comment) => commentJson(scope.serializer, comment, { includes: scope.includes, timecode }),
      );
    }),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/files/:file_id/comments',
    handle: withRecordAndData(pathFile, (scope, file, data) => {
      const text = stringField(data, 'text');
      if (!text.ok) return text.response;
      const timestamp =
        data.timestamp === undefined
          ? { ok: true as const, value: null }
          : readTimestamp(file, data.timestamp);
      if (!timestamp.ok) return timestamp.response;
      const links = readLinks(text.value as string, data.links);
      if (!links.ok) return links.response;
      const attachments = Array.isArray(data.attachments)
        ? (data.attachments as Record<string, unknown>[]).map((attachment) => ({
            name: String(attachment.name),
            fileSize: Number(attachment.file_size),
            mediaType: String(attachment.media_type),
          }))
        : [];
      const comment = scope.store.createComment({
        accountId: scope.account.id,
        fileId: file.id,
        parentId: null,
        ownerId: scope.userId,
        text: text.value as string,
        annotation: typeof data.annotation === 'string' ? data.annotation : null,
        anchor: readAnchor(data.anchor),
        timestamp: timestamp.value,
        duration: intOrNull(data.duration),
        page: intOrNull(data.page),
        links: links.value,
        textReviewAnnotation: readTextReview(data.text_review_annotation),
        completed: data.completed === true,
        attachments,
      });
      return json(
        {
          data: commentJson(scope.serializer, comment, {
            timecode: queryFlag(scope.url, 'timestamp_as_timecode'),
          }),
        },
        201,
      );
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/comments/:comment_id',
    handle: withRecord(findComment, (scope, comment) =>
      json({
        data: commentJson(scope.serializer, comment, {
          includes: scope.includes,
          timecode: queryFlag(scope.url, 'timestamp_as_timecode'),
        }),
      }),
    ),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/comments/:comment_id',
    handle: withRecordAndData(findComment, (scope, comment, data) => {
      const now = scope.context.clock.now();
      const text = stringField(data, 'text', { optional: true });
      if (!text.ok) return text.response;
      const file = fileOf(scope, comment);
      if (data.timestamp !== undefined && file) {
        const timestamp = readTimestamp(file, data.timestamp);
        if (!timestamp.ok) return timestamp.response;
        comment.timestamp = timestamp.value;
      }
      if (data.links !== undefined) {
        const links = readLinks(text.value ?? comment.text, data.links);
        if (!links.ok) return links.response;
        comment.links = links.value;
      }
      if (text.value !== undefined && text.value !== comment.text) {
        comment.text = text.value;
        comment.textEditedAt = now;
      }
      if (data.annotation !== undefined)
        comment.annotation = typeof data.annotation === 'string' ? data.annotation : null;
      if (data.anchor !== undefined) comment.anchor = readAnchor(data.anchor);
      if (data.duration !== undefined) comment.duration = intOrNull(data.duration);
      if (data.page !== undefined) comment.page = intOrNull(data.page);
      if (data.text_review_annotation !== undefined) {
        const update = data.text_review_annotation as Record<string, unknown> | null;
        const current = comment.textReviewAnnotation;
        // `TextReviewAnnotationUpdate` fields are all optional: merge them into what is stored.
        comment.textReviewAnnotation =
          update === null
            ? null
            : readTextReview({
                bounds: current?.bounds,
                selection_text: current?.selectionText,
                suggested_text: current?.suggestedText,
                text_review_annotation_type: current?.type,
                ...update,
              });
      }
      if (data.completed === true && comment.completedAt === null) {
        comment.completedAt = now;
        comment.completerId = scope.userId;
      } else if (data.completed === false) {
        comment.completedAt = null;
        comment.completerId = null;
      }
      comment.updatedAt = now;
      return json({
        data: commentJson(scope.serializer, comment, {
          timecode: queryFlag(scope.url, 'timestamp_as_timecode'),
        }),
      });
    }),
  },
  {
    method: 'DELETE',
    path: '/v4/accounts/:account_id/comments/:comment_id',
    handle: withRecord(findComment, (scope, comment) => {
      scope.store.deleteComment(comment);
      return noContent();
    }),
  },
];
