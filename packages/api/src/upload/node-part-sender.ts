/// <reference types="node" />
// Node-only module (reached from src/node.ts only): the reference gives it Node types, the browser entry has none.
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { UploadError } from './errors.js';
import type { PartAttempt, PartTransport } from './send-part.js';

/** Enough for any S3 error body; retry.ts reads at most 16 KiB of it. */
const MAX_KEPT_RESPONSE_BYTES = 64 * 1024;

/**
 * A socket idle this long fails the attempt as a network error (then retried). Matches undici's default
 * headersTimeout / bodyTimeout of 300 s (https://undici.nodejs.org/#/docs/api/Client), which the fetch path had;
 * node:http has no timeout by default and a stalled connection would hang the upload.
 */
const SOCKET_IDLE_TIMEOUT_MS = 300_000;

/** Statuses whose Response must have a null body (https://fetch.spec.whatwg.org/#null-body-status). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Reads the response (keeping its first 64 KiB) and turns it into a WHATWG Response for retry.ts. */
function toResponse(message: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    try {
      headers.append(raw[index] as string, raw[index + 1] as string);
    } catch {
      // A header fetch would also reject; the status and body still classify the answer.
    }
  }
  const status = message.statusCode ?? 0;
  if (status < 200 || status > 599) {
    throw new TypeError(`the storage service answered with HTTP status ${status}`);
  }
  return new Response(NULL_BODY_STATUSES.has(status) ? null : new Uint8Array(body), {
    status,
    statusText: message.statusMessage ?? '',
    headers,
  });
}

/**
 * Sends one part attempt: a fresh file range piped into `http(s).request`, so the only buffers are the read
 * stream's 64 KiB chunks and the socket's, instead of undici's body machinery (which held about twice the
 * part size per request in the bench). Resolves once the whole response is read; rejects with a TypeError
 * (like fetch) on socket errors.
 */
function sendAttempt(
  attempt: PartAttempt,
  readRange: (start: number, end: number) => Promise<Readable>,
  agents: { http: HttpAgent; https: HttpsAgent },
): Promise<Response> {
  const { part, headers, signal, onBytes, sourceFailure } = attempt;
  return (async () => {
    signal.throwIfAborted();
    // An UploadError here (the file changed) is a source failure, not a network error: it must not be retried.
    let file: Readable;
    try {
      file = await readRange(part.offset, part.offset + part.size);
    } catch (error) {
      sourceFailure.error =
        error instanceof UploadError
          ? error
          : new UploadError(
              `uploadFile: reading part ${part.number} from the file failed: ${String(error)}. Check that the file ` +
                'is still readable, then resume.',
              { cause: error },
            );
      throw sourceFailure.error;
    }
    const url = new URL(part.url);
    const secure = url.protocol === 'https:';
    return await new Promise<Response>((resolve, reject) => {
      let settled = false;
      let request: ClientRequest | undefined;
      const finish = (error: unknown, response?: Response) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (error !== undefined) {
          file.destroy();
          request?.destroy();
          reject(error);
        } else {
          resolve(response as Response);
        }
      };
      const onAbort = () => finish(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const failSource = (error: UploadError) => {
        sourceFailure.error = error;
        finish(error);
      };

      let seen = 0;
      file.on('data', (chunk: Buffer) => {
        seen += chunk.byteLength;
        onBytes(chunk.byteLength);
      });
      file.on('end', () => {
        if (seen !== part.size) {
          failSource(
            new UploadError(
              `uploadFile: the file gave ${seen} bytes for part ${part.number} but it must be ${part.size}. The ` +
                'file is smaller than its declared size or changed during the upload.',
            ),
          );
        }
      });
      file.on('error', (error) =>
        failSource(
          new UploadError(
            `uploadFile: reading part ${part.number} from the file failed: ${String(error)}. Check that the file ` +
              'is still readable, then resume.',
            { cause: error },
          ),
        ),
      );

      const send = secure ? httpsRequest : httpRequest;
      request = send(url, { method: 'PUT', headers, agent: secure ? agents.https : agents.http });
      request.setTimeout(SOCKET_IDLE_TIMEOUT_MS, () =>
        request?.destroy(new Error(`no data sent or received for ${SOCKET_IDLE_TIMEOUT_MS / 1000} s`)),
      );
      request.on('error', (error) =>
        // Same shape as fetch's network error, so send-part.ts retries it the same way.
        finish(new TypeError(`network error: ${error.message}`, { cause: error })),
      );
      request.on('response', (message) => {
        const kept: Buffer[] = [];
        let keptBytes = 0;
        message.on('data', (chunk: Buffer) => {
          if (keptBytes < MAX_KEPT_RESPONSE_BYTES) {
            kept.push(chunk);
            keptBytes += chunk.byteLength;
          }
        });
        message.on('error', (error) =>
          finish(new TypeError(`network error: ${error.message}`, { cause: error })),
        );
        message.on('end', () => {
          // An early answer (a 403 before the body is sent): stop sending the rest of the part.
          if (!file.readableEnded) {
            file.destroy();
            request?.destroy();
          }
          try {
            finish(undefined, toResponse(message, Buffer.concat(kept)));
          } catch (error) {
            finish(error);
          }
        });
      });
      file.pipe(request);
    });
  })();
}

/**
 * The `node:http` / `node:https` part sender for file path sources. One keep-alive Agent per protocol with
 * `maxSockets = concurrency`, so parts reuse connections; `close()` destroys them when the upload is over.
 */
export function nodePartTransport(
  readRange: (start: number, end: number) => Promise<Readable>,
  concurrency: number,
): PartTransport {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: concurrency }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: concurrency }),
  };
  return {
    send: (attempt) => sendAttempt(attempt, readRange, agents),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
