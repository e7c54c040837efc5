import { redactUrl } from '../redact-url.js';
import { sleep } from '../sleep.js';
import { isReadableStream } from './abort.js';
import { UploadError, UploadPartError } from './errors.js';
import {
  discardBody,
  isRetryableStorageStatus,
  readStorageError,
  type TransferRetryPolicy,
  transferBackoff,
} from './retry.js';
import type { PlannedPart, PreparedPart } from './source.js';
import type { UploadTracker } from './state.js';
import type { TransferFetch } from './types.js';

/** One part attempt, as handed to a {@link PartTransport}. */
export interface PartAttempt {
  part: PlannedPart;
  /** The signed headers to send (`x-amz-acl`, `content-type`) plus `content-length`. */
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Called with each chunk's size as it is sent, for progress. */
  onBytes: (bytes: number) => void;
  /** Where the transport puts a source read failure, which wins over the network error it causes. */
  sourceFailure: { error?: UploadError };
}

/**
 * Sends one part attempt without fetch (the Node entry's `node:http` sender for path sources). Resolves to the
 * storage service's answer; rejects like fetch on a network error.
 */
export interface PartTransport {
  send(attempt: PartAttempt): Promise<Response>;
  /** Frees the transport's sockets once the upload is over. */
  close(): void;
}

/** What every part of one upload shares. */
export interface PartContext {
  tracker: UploadTracker;
  retry: TransferRetryPolicy;
  getFetch: () => TransferFetch;
  /** When set, parts go through it instead of fetch. */
  transport?: PartTransport | undefined;
}

/**
 * Counts a streamed body as fetch reads it, and checks it carries exactly `expected` bytes. A failure to read
 * the source is kept in `sourceFailure`: fetch only reports a generic network error for it.
 */
function countedBody(
  source: ReadableStream<Uint8Array>,
  part: PlannedPart,
  onBytes: (bytes: number) => void,
  sourceFailure: { error?: UploadError },
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let seen = 0;
  const fail = (error: UploadError): never => {
    sourceFailure.error = error;
    reader.cancel(error).catch(() => {});
    throw error;
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          fail(
            new UploadError(
              `uploadFile: reading part ${part.number} from the source failed: ${String(error)}. Check that the ` +
                'source is still readable, then resume.',
              { cause: error },
            ),
          );
          return;
        }
        if (result.done) {
          if (seen !== part.size) {
            fail(
              new UploadError(
                `uploadFile: the source gave ${seen} bytes for part ${part.number} but it must be ${part.size}. ` +
                  'The source is smaller than its declared size or changed during the upload.',
              ),
            );
          }
          controller.close();
          return;
        }
        const chunk: unknown = result.value;
        if (!(chunk instanceof Uint8Array)) {
          fail(
            new UploadError(
              `uploadFile: the source's part stream yielded a ${typeof chunk}; yield Uint8Array chunks.`,
            ),
          );
          return;
        }
        seen += chunk.byteLength;
        if (seen > part.size) {
          fail(
            new UploadError(
              `uploadFile: the source gave more than ${part.size} bytes for part ${part.number}. A custom source's ` +
                'slice(start, end) must return exactly end - start bytes.',
            ),
          );
        }
        controller.enqueue(chunk);
        onBytes(chunk.byteLength);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // Pull only when fetch asks, so the count follows what the network takes.
    { highWaterMark: 0 },
  );
}

function describeStatus(status: number, code: string | undefined, message: string | undefined): string {
  const detail = [code, message].filter(Boolean).join(': ');
  return detail ? `${status} ${detail}` : String(status);
}

function rejectedPartMessage(
  part: PlannedPart,
  tracker: UploadTracker,
  status: number,
  code: string | undefined,
  message: string | undefined,
): string {
  const which = `Part ${part.number} of ${tracker.uploadUrls.length} (file ${tracker.fileId})`;
  const got = describeStatus(status, code, message);
  if (status === 403 && /expired/i.test(message ?? '')) {
    return (
      `${which} was refused: the upload URL has expired (${got}). Presigned URLs cannot be renewed: start a new ` +
      'upload without `resume` (it creates a new file), and delete the incomplete file if you do not want it.'
    );
  }
  if (status === 403) {
    return (
      `${which} was refused by the upload URL (${got}). The URL is signed for the headers ` +
      `\`x-amz-acl: private\` and \`Content-Type: ${tracker.mediaType}\`: make sure no proxy or custom fetch ` +
      'changes them or adds an Authorization header. If the URL has expired, start a new upload without `resume`.'
    );
  }
  if (status === 404) {
    return (
      `${which}: the upload no longer exists (${got}); the file may have been deleted. Start a new upload ` +
      'without `resume`.'
    );
  }
  if (
    status === 400 &&
    (code === 'EntityTooSmall' || code === 'EntityTooLarge' || code === 'IncompleteBody')
  ) {
    return (
      `${which} was rejected for its size (${got}): it must be exactly ${part.size} bytes. The source changed ` +
      'during the upload, or a custom source returned the wrong range: upload it again once it is stable.'
    );
  }
  return (
    `${which} was rejected (${got}). This does not succeed on retry: check the upload URL and headers, or ` +
    'start a new upload without `resume`.'
  );
}

/**
 * PUTs one part to its presigned URL with plain fetch (no Authorization: the URL carries its own signature),
 * retrying network errors, 5xx, 429 and timeouts with backoff. Resolves once the part is acknowledged.
 */
export async function sendPart(
  context: PartContext,
  part: PlannedPart,
  prepared: PreparedPart,
  signal: AbortSignal,
): Promise<void> {
  const { tracker, retry } = context;
  for (let attempt = 1; ; attempt += 1) {
    signal.throwIfAborted();
    // Signed headers: the spec's UploadUrl asks for `x-amz-acl: private`, and Content-Type is signed too (facts
    // §3 "Upload"); a missing or different value is a bare S3 403.
    const headers: Record<string, string> = { 'x-amz-acl': 'private', 'content-type': tracker.mediaType };
    const sourceFailure: { error?: UploadError } = {};
    const onBytes = (bytes: number) => tracker.addSent(part.number, bytes);

    let send: () => Promise<Response>;
    const { transport } = context;
    if (transport !== undefined) {
      // The transport reads the part itself (and fails with an UploadError if the source changed).
      headers['content-length'] = String(part.size);
      send = () => transport.send({ part, headers, signal, onBytes, sourceFailure });
    } else {
      let body = await prepared.body();
      const init: RequestInit & { duplex?: 'half' } = { method: 'PUT', headers, signal };
      if (isReadableStream(body)) {
        body = countedBody(body, part, onBytes, sourceFailure);
        // S3 needs Content-Length (it refuses chunked uploads); undici sends it as given, browsers ignore it.
        headers['content-length'] = String(part.size);
        init.duplex = 'half';
      }
      init.body = body as BodyInit;
      send = () => context.getFetch()(part.url, init);
    }

    let response: Response | undefined;
    let networkError: unknown;
    try {
      response = await send();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (sourceFailure.error) throw sourceFailure.error;
      networkError = error;
    }

    let code: string | undefined;
    let message: string | undefined;
    if (response !== undefined) {
      if (response.ok) {
        await discardBody(response);
        tracker.complete(part.number, attempt);
        return;
      }
      ({ code, message } = await readStorageError(response));
      if (!isRetryableStorageStatus(response.status, code)) {
        throw new UploadPartError(rejectedPartMessage(part, tracker, response.status, code, message), {
          partNumber: part.number,
          status: response.status,
          ...(code !== undefined ? { code } : {}),
          attempts: attempt,
          url: redactUrl(part.url),
          fileId: tracker.fileId,
        });
      }
    }
    tracker.resetPart(part.number);

    if (attempt > retry.maxRetries) {
      const which = `Part ${part.number} of ${tracker.uploadUrls.length} (file ${tracker.fileId})`;
      const last =
        response === undefined
          ? `a network error (${networkError instanceof Error ? networkError.message : String(networkError)})`
          : describeStatus(response.status, code, message);
      throw new UploadPartError(
        `${which} failed ${attempt} times; the last attempt got ${last}. Check the network (or wait for the ` +
          'storage service to recover), then call ' +
          'uploadFile again with `resume: error.resumeState` to send only the missing parts (or raise ' +
          '`retry.maxRetries`).',
        {
          partNumber: part.number,
          status: response?.status,
          ...(code !== undefined ? { code } : {}),
          attempts: attempt,
          url: redactUrl(part.url),
          fileId: tracker.fileId,
          cause: networkError,
        },
      );
    }
    await sleep(transferBackoff(retry, attempt - 1, response), signal);
  }
}
