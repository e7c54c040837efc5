import type { FrameioClient } from '../client.js';
import { FrameioApiError } from '../errors.js';
import { sleep } from '../sleep.js';
import { unwrap } from '../unwrap.js';
import { linkedController, raceAbort } from './abort.js';
import { DownloadError } from './errors.js';
import {
  discardBody,
  isRetryableStorageStatus,
  readStorageError,
  resolveTransferRetry,
  transferBackoff,
} from './retry.js';
import type { DownloadFileOptions, DownloadResult, FrameioFile } from './types.js';

/** Fetches the file with its original media link (`include=media_links.original`, operation `files.show`). */
async function showWithOriginal(
  client: FrameioClient,
  accountId: string,
  fileId: string,
  signal: AbortSignal,
): Promise<FrameioFile> {
  try {
    const { data } = await unwrap(
      client.GET('/v4/accounts/{account_id}/files/{file_id}', {
        params: {
          path: { account_id: accountId, file_id: fileId },
          query: { include: 'media_links.original' },
        },
        signal,
      }),
    );
    return data;
  } catch (error) {
    // V4 answers 403 for media_links.original when the user may view but not download the file (facts §3).
    if (error instanceof FrameioApiError && error.status === 403) {
      throw new DownloadError(
        `downloadFile: Frame.io refused the original media of file ${fileId} (403). The user needs download ` +
          'permission on its project (or share): ask the project owner to allow downloads, or use the token of a ' +
          'user who may download.',
        { code: 'forbidden', fileId, status: 403, cause: error },
      );
    }
    throw error;
  }
}

function originalUrl(file: FrameioFile, fileId: string): string {
  const url = file.media_links?.original?.download_url;
  if (typeof url === 'string' && url !== '') return url;
  const state =
    file.status === 'created'
      ? 'its upload is not complete yet (status "created"): finish the upload, then poll GET …/files/{file_id}/status'
      : `Frame.io has no original to serve (status "${file.status}"); if the file was just uploaded, wait until ` +
        'it is processed and try again';
  throw new DownloadError(`downloadFile: file ${fileId} has no original media link: ${state}.`, {
    code: 'not_available',
    fileId,
  });
}

/** Where a 206 response starts (RFC 9110 §14.4 `Content-Range: bytes first-last/complete`). */
function rangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers.get('content-range')?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

class SinkError {
  constructor(readonly error: unknown) {}
}

/**
 * Downloads a file's original media (`files.show` with `include=media_links.original`, then a GET of the
 * signed link without credentials) into `to`, with backpressure. A failed transfer is retried from where it
 * stopped with an HTTP Range request (or by skipping what was already written when the server ignores Range).
 * `to` is closed on success and aborted on failure.
 *
 * @example
 * const { readable, writable } = new TransformStream();
 * const done = downloadFile(client, { accountId, fileId, to: writable });
 *
 * @throws DownloadError `not_available` (no original yet), `forbidden` (403: no download permission) or
 *   `failed` (the transfer kept failing, or the size did not match).
 * @throws FrameioApiError when fetching the file fails otherwise; the signal's reason when it aborts.
 */
export async function downloadFile(
  client: FrameioClient,
  options: DownloadFileOptions,
): Promise<DownloadResult> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      'downloadFile(client, options) expects an options object: { accountId, fileId, to }.',
    );
  }
  const { accountId, fileId, to, signal, onProgress } = options;
  for (const [name, value] of [
    ['accountId', accountId],
    ['fileId', fileId],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(
        `downloadFile: ${name} is required (a non-empty string), got ${JSON.stringify(value)}.`,
      );
    }
  }
  if (typeof to?.getWriter !== 'function') {
    throw new TypeError(
      'downloadFile: `to` must be a WritableStream<Uint8Array>; in Node, import downloadFile from ' +
        '@frameio-v4/api/node to write to a file path.',
    );
  }
  const retry = resolveTransferRetry('downloadFile', options.retry);
  const customFetch = options.fetch;
  const { controller, unlink } = linkedController(signal);
  const abortSignal = controller.signal;
  const writer = to.getWriter();
  let written = 0;
  let reported = -1;
  let totalBytes = 0;
  let callbackError: { error: unknown } | undefined;
  const report = () => {
    if (written <= reported || onProgress === undefined) return;
    reported = written;
    try {
      onProgress({ bytesReceived: written, totalBytes });
    } catch (error) {
      // A throwing callback stops the download (it must not count as a network failure and be retried).
      callbackError ??= { error };
      controller.abort(error);
    }
  };

  try {
    let file = await showWithOriginal(client, accountId, fileId, abortSignal);
    totalBytes = file.file_size;
    let url = originalUrl(file, fileId);
    let refreshedLink = false;
    report();

    for (let attempt = 1; ; attempt += 1) {
      abortSignal.throwIfAborted();
      const headers: Record<string, string> = written > 0 ? { range: `bytes=${written}-` } : {};
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await (customFetch ?? globalThis.fetch)(url, { headers, signal: abortSignal });
      } catch (error) {
        if (abortSignal.aborted) throw abortSignal.reason;
        failure = error;
      }

      if (response !== undefined && response.status === 403 && !refreshedLink) {
        // Signed media links expire: fetch a fresh one once before giving up.
        await discardBody(response);
        refreshedLink = true;
        file = await showWithOriginal(client, accountId, fileId, abortSignal);
        url = originalUrl(file, fileId);
        attempt -= 1;
        continue;
      }
      if (response !== undefined && !response.ok) {
        const { code, message } = await readStorageError(response);
        const detail = [code, message].filter(Boolean).join(': ');
        const got = `${response.status}${detail ? ` ${detail}` : ''}`;
        if (response.status === 403 || response.status === 404) {
          throw new DownloadError(
            response.status === 403
              ? `downloadFile: the media link of file ${fileId} was refused (${got}) even after a fresh link. ` +
                  'The user may not download this file: ask the project owner for download permission.'
              : `downloadFile: the original media of file ${fileId} is not available (${got}). Wait until the ` +
                  'file is processed, then try again.',
            {
              code: response.status === 403 ? 'forbidden' : 'not_available',
              fileId,
              status: response.status,
              attempts: attempt,
            },
          );
        }
        if (!isRetryableStorageStatus(response.status, code)) {
          throw new DownloadError(`downloadFile: the media server answered ${got} for file ${fileId}.`, {
            code: 'failed',
            fileId,
            status: response.status,
            attempts: attempt,
          });
        }
        failure = new Error(`HTTP ${got}`);
      } else if (response !== undefined) {
        // 206 continues at `written`; a 200 (Range ignored) starts over, so the bytes already written are skipped.
        const start = response.status === 206 ? rangeStart(response) : 0;
        if (start === undefined || start > written) {
          throw new DownloadError(
            `downloadFile: the media server answered a range request for file ${fileId} with a Content-Range ` +
              `that does not start at or before byte ${written}. Download the file again.`,
            { code: 'failed', fileId, status: response.status, attempts: attempt },
          );
        }
        try {
          await pump(response, written - start, written, totalBytes, fileId, abortSignal, writer, (bytes) => {
            written += bytes;
            report();
          });
        } catch (error) {
          if (abortSignal.aborted) throw abortSignal.reason;
          if (error instanceof SinkError) throw error.error;
          if (error instanceof DownloadError) throw error;
          failure = error;
        }
        if (failure === undefined) {
          if (written === totalBytes) break;
          failure = new Error(`the response ended after ${written} of ${totalBytes} bytes`);
        }
      }

      if (attempt > retry.maxRetries) {
        throw new DownloadError(
          `downloadFile: the download of file ${fileId} failed ${attempt} times at byte ${written} of ` +
            `${totalBytes} (last: ${failure instanceof Error ? failure.message : String(failure)}). Check the ` +
            'network and try again, or raise `retry.maxRetries`.',
          {
            code: 'failed',
            fileId,
            attempts: attempt,
            cause: failure,
            ...(response ? { status: response.status } : {}),
          },
        );
      }
      await sleep(transferBackoff(retry, attempt - 1, response), abortSignal);
    }

    await writer.close();
    report();
    if (callbackError) throw callbackError.error;
    return { file, bytes: written };
  } catch (error) {
    const reason = abortSignal.aborted ? abortSignal.reason : error;
    await writer.abort(reason).catch(() => {});
    throw signal?.aborted ? signal.reason : error;
  } finally {
    writer.releaseLock();
    unlink();
  }
}

/**
 * Streams one response into the writer, skipping its first `skip` bytes (already written); `position` is
 * where the first byte kept goes in the file, which must not grow past `totalBytes`.
 */
async function pump(
  response: Response,
  skip: number,
  start: number,
  totalBytes: number,
  fileId: string,
  signal: AbortSignal,
  writer: WritableStreamDefaultWriter<Uint8Array>,
  onWritten: (bytes: number) => void,
): Promise<void> {
  if (response.body === null) return;
  const reader = response.body.getReader();
  let toSkip = skip;
  let position = start;
  try {
    for (;;) {
      const { done, value } = await raceAbort(reader.read(), signal);
      if (done) return;
      let chunk = value;
      if (toSkip > 0) {
        const dropped = Math.min(toSkip, chunk.byteLength);
        toSkip -= dropped;
        chunk = chunk.subarray(dropped);
        if (chunk.byteLength === 0) continue;
      }
      position += chunk.byteLength;
      if (position > totalBytes) {
        throw new DownloadError(
          `downloadFile: the media server sent more than the ${totalBytes} bytes Frame.io lists for file ${fileId}. ` +
            'The file may have been replaced: download it again.',
          { code: 'failed', fileId, status: response.status },
        );
      }
      try {
        await writer.write(chunk);
      } catch (error) {
        throw new SinkError(error);
      }
      onWritten(chunk.byteLength);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
