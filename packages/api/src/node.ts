/**
 * Node-only helpers of @frameio-v4/api: `uploadFile` and `downloadFile` that also take file paths. Everything
 * else (and these helpers for Blobs and web streams) is in the main entry, which runs in browsers too.
 */
import type { FrameioClient } from './client.js';
import { downloadFile as downloadToStream } from './upload/download-file.js';
import { fileUploadSource, openTemporaryFileSink } from './upload/node-file.js';
import { nodePartTransport } from './upload/node-part-sender.js';
import { toPartSource } from './upload/source.js';
import type {
  DownloadFileBaseOptions,
  DownloadResult,
  FrameioFile,
  UploadFileBaseOptions,
  UploadSource,
  UploadTarget,
} from './upload/types.js';
import { runUpload } from './upload/upload-file.js';

export {
  DownloadError,
  type DownloadErrorCode,
  UploadAbortedError,
  UploadError,
  UploadPartError,
} from './upload/errors.js';
export type {
  DownloadProgress,
  FrameioFile,
  TransferRetryOptions,
  UploadPartEvent,
  UploadProgress,
  UploadResumeState,
  WaitForUploadOptions,
} from './upload/types.js';

/** What the Node `uploadFile` reads: a file path (`'/path'` or `{ path }`), or any browser-safe source. */
export type NodeUploadSource = string | { path: string } | UploadSource;

/** Options of the Node `uploadFile`; `name` defaults to the file name of a path. */
export type NodeUploadFileOptions = UploadFileBaseOptions<NodeUploadSource> & UploadTarget;

/** Options of the Node `downloadFile`: `to` is a file path or a `WritableStream`. */
export type NodeDownloadFileOptions = DownloadFileBaseOptions<string | WritableStream<Uint8Array>>;

/** What the Node `downloadFile` resolves to. */
export interface NodeDownloadResult extends DownloadResult {
  /** The absolute path written, when `to` was a path. */
  path: string | undefined;
}

function pathOf(source: NodeUploadSource): string | undefined {
  if (typeof source === 'string') return source;
  if (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { path?: unknown }).path === 'string' &&
    typeof (source as { slice?: unknown }).slice !== 'function' &&
    !('stream' in source)
  ) {
    return (source as { path: string }).path;
  }
  return undefined;
}

/**
 * Uploads a file to a Frame.io folder (see the main entry's `uploadFile`). A path source is read with one
 * `fs.createReadStream({ start, end })` per part attempt, so memory stays flat whatever the file size, and
 * progress is reported as each part streams out. Unless `fetch` is given, a path source's parts are sent with
 * `node:http` / `node:https` (a keep-alive agent with `concurrency` sockets, closed at the end).
 *
 * @example
 * import { uploadFile } from '@frameio-v4/api/node';
 * const file = await uploadFile(client, {
 *   accountId, folderId, source: './take-01.mov',
 *   onProgress: ({ bytesSent, totalBytes }) => bar.update(bytesSent / totalBytes),
 * });
 *
 * @throws UploadError when the path cannot be read or the file changes during the upload, and everything the
 *   main entry's `uploadFile` throws.
 */
export async function uploadFile(
  client: FrameioClient,
  options: NodeUploadFileOptions,
): Promise<FrameioFile> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      'uploadFile(client, options) expects an options object: { accountId, folderId, source }.',
    );
  }
  const path = pathOf(options.source);
  if (path === undefined) return runUpload(client, options, toPartSource(options.source as UploadSource));
  const file = await fileUploadSource(path);
  // Without a custom fetch, parts are piped into node:http: fetch's body handling held about twice the part
  // size per request (bench/upload.mjs). A custom fetch is the caller's transport, so it is kept.
  return runUpload(
    client,
    options,
    toPartSource(file),
    options.fetch === undefined ? (concurrency) => nodePartTransport(file.readRange, concurrency) : undefined,
  );
}

/**
 * Downloads a file's original media (see the main entry's `downloadFile`). With a path, the bytes go to a
 * temporary file next to it (`.<name>.<random>.part`), which is renamed over `to` once complete and removed
 * on failure or abort, so `to` never holds a partial file.
 *
 * @example
 * import { downloadFile } from '@frameio-v4/api/node';
 * await downloadFile(client, { accountId, fileId, to: './take-01.mov' });
 *
 * @throws the errors of the main entry's `downloadFile`, and file system errors (directory missing, no write
 *   permission) from creating the temporary file.
 */
export async function downloadFile(
  client: FrameioClient,
  options: NodeDownloadFileOptions,
): Promise<NodeDownloadResult> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      'downloadFile(client, options) expects an options object: { accountId, fileId, to }.',
    );
  }
  const { to } = options;
  if (typeof to !== 'string') {
    return { ...(await downloadToStream(client, { ...options, to })), path: undefined };
  }
  const sink = await openTemporaryFileSink(to);
  try {
    const result = await downloadToStream(client, { ...options, to: sink.stream });
    await sink.commit();
    return { ...result, path: sink.path };
  } catch (error) {
    await sink.discard();
    throw error;
  }
}
