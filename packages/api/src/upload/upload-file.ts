import type { FrameioClient } from '../client.js';
import { sleep } from '../sleep.js';
import { unwrap } from '../unwrap.js';
import { linkedController } from './abort.js';
import { setResumeState, UploadAbortedError, UploadError } from './errors.js';
import { resolveTransferRetry, type TransferRetryPolicy } from './retry.js';
import { type PartTransport, sendPart } from './send-part.js';
import { type PartSource, type PlannedPart, toPartSource } from './source.js';
import { checkResumeState, type UploadPlanInit, UploadTracker } from './state.js';
import type {
  FrameioFile,
  UploadFileBaseOptions,
  UploadFileOptions,
  UploadTarget,
  UploadUrl,
  WaitForUploadOptions,
} from './types.js';

const MAX_CONCURRENCY = 64;

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(
      `uploadFile: ${name} is required (a non-empty string), got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function resolveConcurrency(value: number | undefined): number {
  const concurrency = value ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(
      `uploadFile: concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, got ${String(value)}.`,
    );
  }
  return concurrency;
}

function resolveWait(
  option: boolean | WaitForUploadOptions | undefined,
): Required<WaitForUploadOptions> | undefined {
  if (option === false) return undefined;
  const { timeoutMs = 60_000, intervalMs = 1_000 } = option === true || option === undefined ? {} : option;
  for (const [name, value] of [
    ['timeoutMs', timeoutMs],
    ['intervalMs', intervalMs],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`uploadFile: waitForUpload.${name} must be a non-negative number, got ${value}.`);
    }
  }
  return { timeoutMs, intervalMs };
}

/** Reads the file id and parts out of the `local_upload` answer and checks they describe the whole file. */
function uploadPlanOf(
  data: { id?: unknown; upload_urls?: unknown },
  size: number,
): { fileId: string; uploadUrls: UploadUrl[] } {
  const fileId = typeof data.id === 'string' ? data.id : undefined;
  const urls = Array.isArray(data.upload_urls) ? (data.upload_urls as Partial<UploadUrl>[]) : [];
  const valid = urls.every((part) => typeof part?.url === 'string' && Number.isSafeInteger(part?.size));
  const total = valid ? urls.reduce((sum, part) => sum + (part.size as number), 0) : -1;
  if (fileId === undefined || !valid || total !== size) {
    throw new UploadError(
      `uploadFile: Frame.io's local_upload answer for a ${size}-byte file is unusable (file id ${String(fileId)}, ` +
        `upload_urls covering ${total} bytes). Delete the file if it was created and try again; report it to ` +
        'Frame.io support if it persists.',
      fileId === undefined ? {} : { fileId },
    );
  }
  return { fileId, uploadUrls: urls.map((part) => ({ size: part.size as number, url: part.url as string })) };
}

/** Creates the file with the V4 local-upload operation: `{ name, file_size }` → part URLs and media type. */
async function createFile(
  client: FrameioClient,
  accountId: string,
  folderId: string,
  name: string,
  size: number,
  fallbackType: string,
  signal: AbortSignal | undefined,
): Promise<UploadPlanInit> {
  const { data } = await unwrap(
    client.POST('/v4/accounts/{account_id}/folders/{folder_id}/files/local_upload', {
      params: { path: { account_id: accountId, folder_id: folderId } },
      body: { data: { name, file_size: size } },
      ...(signal ? { signal } : {}),
    }),
  );
  return {
    accountId,
    name,
    totalBytes: size,
    // The part URLs are signed with the media type Frame.io chose, so it wins over any fallback.
    mediaType: data.media_type ?? fallbackType,
    ...uploadPlanOf(data, size),
    completedParts: [],
  };
}

/**
 * Polls `GET …/files/{id}/status` (step 3 of Frame.io's upload guide, facts §3) until the upload is complete.
 * Bounded by `timeoutMs`, measured with `now`.
 */
async function waitUntilComplete(
  client: FrameioClient,
  tracker: UploadTracker,
  wait: Required<WaitForUploadOptions>,
  signal: AbortSignal,
  now: () => number,
): Promise<void> {
  const deadline = now() + wait.timeoutMs;
  for (;;) {
    const { data } = await unwrap(
      client.GET('/v4/accounts/{account_id}/files/{file_id}/status', {
        params: { path: { account_id: tracker.accountId, file_id: tracker.fileId } },
        signal,
      }),
    );
    if (data.upload_failed) {
      throw new UploadError(
        `uploadFile: every part of file ${tracker.fileId} was sent, but Frame.io reports the upload failed. ` +
          'Upload the file again (without `resume`); contact Frame.io support with the file id if it persists.',
        { resumeState: tracker.snapshot() },
      );
    }
    if (data.upload_complete) return;
    if (now() + wait.intervalMs > deadline) {
      throw new UploadError(
        `uploadFile: every part of file ${tracker.fileId} was sent, but Frame.io had not confirmed the upload ` +
          `after ${wait.timeoutMs} ms. Check GET /v4/accounts/{account_id}/files/${tracker.fileId}/status later, ` +
          'or raise `waitForUpload.timeoutMs`.',
        { resumeState: tracker.snapshot() },
      );
    }
    await sleep(wait.intervalMs, signal);
  }
}

/**
 * Sends the parts that are not completed yet, `concurrency` at a time. The first part to fail for good aborts
 * the others; this resolves or rejects only once every part in flight has stopped.
 */
async function sendParts(
  tracker: UploadTracker,
  source: PartSource,
  options: UploadFileBaseOptions<unknown>,
  retry: TransferRetryPolicy,
  concurrency: number,
  controller: AbortController,
  transport: PartTransport | undefined,
): Promise<void> {
  const customFetch = options.fetch;
  const context = { tracker, retry, getFetch: () => customFetch ?? globalThis.fetch, transport };
  const { signal } = controller;
  const pending: PlannedPart[] = [];
  let offset = 0;
  tracker.uploadUrls.forEach(({ size, url }, index) => {
    if (!tracker.isCompleted(index + 1)) pending.push({ number: index + 1, offset, size, url });
    offset += size;
  });

  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    try {
      while (next < pending.length && !signal.aborted) {
        const part = pending[next++] as PlannedPart;
        // prepare() runs in the order parts are taken, which a stream source needs; the prepared part (for a
        // stream, its buffer) lives only until the part is acknowledged.
        const prepared = await source.prepare(part, signal);
        await sendPart(context, part, prepared, signal);
      }
    } catch (error) {
      if (!signal.aborted) {
        failure = { error };
        controller.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
  if (failure) throw failure.error;
  signal.throwIfAborted();
}

/**
 * @internal Uploads from an already normalised source (the Node entry builds one from a file path, and may
 * pass `createTransport` to send its parts without fetch).
 */
export async function runUpload(
  client: FrameioClient,
  options: UploadFileBaseOptions<unknown> & UploadTarget,
  source: PartSource,
  createTransport?: (concurrency: number) => PartTransport,
): Promise<FrameioFile> {
  const accountId = requireString(options.accountId, 'accountId');
  const concurrency = resolveConcurrency(options.concurrency);
  const wait = resolveWait(options.waitForUpload);
  const retry = resolveTransferRetry('uploadFile', options.retry);
  const now = options.now ?? Date.now;
  const { signal } = options;
  const resume = options.resume;
  if (resume === undefined) requireString(options.folderId, 'folderId (or resume)');

  // Stops every part at once: on the caller's abort, on the first part that fails for good, or when a
  // callback throws.
  const { controller, unlink } = linkedController(signal);
  let tracker: UploadTracker | undefined;
  let callbackError: { error: unknown } | undefined;
  let failure: { error: unknown } | undefined;
  try {
    if (signal?.aborted) throw new UploadAbortedError(signal.reason);
    let plan: UploadPlanInit;
    if (resume !== undefined) {
      plan = checkResumeState(resume, accountId, source.size);
    } else {
      const name = options.name ?? source.name;
      if (name === undefined || name === '') {
        throw new TypeError(
          'uploadFile: name is required when the source has none (a Blob or stream); pass the file name, e.g. ' +
            "name: 'clip.mp4' (Frame.io derives the media type from its extension).",
        );
      }
      const fallbackType = options.mediaType ?? source.type ?? 'application/octet-stream';
      try {
        plan = await createFile(
          client,
          accountId,
          options.folderId as string,
          name,
          source.size,
          fallbackType,
          signal,
        );
      } catch (error) {
        if (signal?.aborted) throw new UploadAbortedError(signal.reason);
        throw error;
      }
    }

    const active = new UploadTracker(plan, {
      onProgress: options.onProgress,
      onPartComplete: options.onPartComplete,
      onCallbackError: (error) => {
        callbackError ??= { error };
        controller.abort(error);
      },
    });
    tracker = active;
    active.start();

    const transport = createTransport?.(concurrency);
    try {
      await sendParts(active, source, options, retry, concurrency, controller, transport);
    } catch (error) {
      failure = { error };
    } finally {
      transport?.close();
    }
    if (callbackError) throw callbackError.error;
    if (signal?.aborted) throw new UploadAbortedError(signal.reason, { resumeState: active.snapshot() });
    if (failure) throw failure.error;
    if (active.completedCount !== active.uploadUrls.length) {
      throw new UploadError(
        'uploadFile: the upload stopped with parts missing; call uploadFile again with `resume: error.resumeState`.',
        {
          resumeState: active.snapshot(),
        },
      );
    }

    if (wait) await waitUntilComplete(client, active, wait, controller.signal, now);
    const { data } = await unwrap(
      client.GET('/v4/accounts/{account_id}/files/{file_id}', {
        params: { path: { account_id: accountId, file_id: active.fileId } },
        signal: controller.signal,
      }),
    );
    return data;
  } catch (error) {
    if (signal?.aborted && !(error instanceof UploadAbortedError)) {
      throw new UploadAbortedError(signal.reason, tracker ? { resumeState: tracker.snapshot() } : {});
    }
    if (error instanceof UploadError && tracker && error.resumeState === undefined) {
      setResumeState(error, tracker.snapshot());
    }
    throw error;
  } finally {
    unlink();
    await source.close(failure?.error ?? signal?.reason);
  }
}

/**
 * Uploads a file to a Frame.io folder: creates it with the V4 local-upload operation (`file_size` →
 * `upload_urls`), then PUTs every part to its presigned URL, `concurrency` at a time, each read lazily (a Blob
 * is sliced per part, a stream is read in order), retrying failed parts with backoff. Resolves to the file
 * once Frame.io confirms the upload.
 *
 * @example
 * const file = await uploadFile(client, {
 *   accountId, folderId, source: input.files[0],
 *   onProgress: ({ bytesSent, totalBytes }) => bar.update(bytesSent / totalBytes),
 * });
 *
 * @throws UploadAbortedError when `signal` aborts (with `resumeState` once the file exists).
 * @throws UploadPartError when a part is refused (403, 400, 404) or keeps failing after `retry.maxRetries`.
 * @throws UploadError when the source is shorter or longer than its size, or Frame.io reports a failure.
 * @throws FrameioApiError when creating or fetching the file fails.
 */
export function uploadFile(client: FrameioClient, options: UploadFileOptions): Promise<FrameioFile> {
  if (typeof options !== 'object' || options === null) {
    return Promise.reject(
      new TypeError(
        'uploadFile(client, options) expects an options object: { accountId, folderId, source }.',
      ),
    );
  }
  let source: PartSource;
  try {
    source = toPartSource(options.source);
  } catch (error) {
    return Promise.reject(error);
  }
  return runUpload(client, options, source);
}
