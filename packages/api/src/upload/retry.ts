import { parseRetryAfter } from '../rate-limit.js';
import type { TransferRetryOptions } from './types.js';

/** Transfer retry settings with defaults filled in. */
export interface TransferRetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

function checkNonNegative(where: string, name: string, value: number, integer: boolean): number {
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(
      `${where}: retry.${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${value}.`,
    );
  }
  return value;
}

/** Fills in the defaults (4 retries, 500 ms base, 20 s cap) and validates them. */
export function resolveTransferRetry(where: string, options: TransferRetryOptions = {}): TransferRetryPolicy {
  const { maxRetries = 4, baseDelayMs = 500, maxDelayMs = 20_000 } = options;
  return {
    maxRetries: checkNonNegative(where, 'maxRetries', maxRetries, true),
    baseDelayMs: checkNonNegative(where, 'baseDelayMs', baseDelayMs, false),
    maxDelayMs: checkNonNegative(where, 'maxDelayMs', maxDelayMs, false),
  };
}

/**
 * Wait before retry number `retry` (0-based): exponential backoff with full jitter, so parts that failed
 * together do not retry together (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 * A `Retry-After` the server sent is honoured up to `maxDelayMs`.
 */
export function transferBackoff(policy: TransferRetryPolicy, retry: number, response?: Response): number {
  const retryAfter = response ? parseRetryAfter(response.headers.get('retry-after'), Date.now()) : undefined;
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxDelayMs);
  return Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}

/** The parts of an S3 XML error body (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
export interface StorageErrorBody {
  code: string | undefined;
  message: string | undefined;
}

const MAX_ERROR_BODY_BYTES = 16 * 1024;

function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  const text = match?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
  return text || undefined;
}

/**
 * Reads at most 16 KiB of an error body and picks `<Code>` and `<Message>`. Only those two: S3's
 * SignatureDoesNotMatch body also echoes the canonical request, which does not belong in an error message.
 */
export async function readStorageError(response: Response): Promise<StorageErrorBody> {
  if (response.body === null) return { code: undefined, message: undefined };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      text += decoder.decode(value, { stream: true });
      if (size >= MAX_ERROR_BODY_BYTES) {
        reader.cancel().catch(() => {});
        break;
      }
    }
  } catch {
    // A body cut short still tells what it had so far.
  }
  return { code: xmlText(text, 'Code'), message: xmlText(text, 'Message') };
}

/**
 * Whether a failed PUT or GET of a presigned URL may succeed when sent again: throttling (429, S3
 * `SlowDown` 503), server errors (5xx), request timeouts (408, S3 `RequestTimeout` 400). A 403 (expired or
 * mis-signed URL), 404 or any other 4xx will fail the same way again.
 */
export function isRetryableStorageStatus(status: number, code: string | undefined): boolean {
  return status >= 500 || status === 429 || status === 408 || (status === 400 && code === 'RequestTimeout');
}

/** Frees a response nobody will read, so the connection can be reused or closed. */
export async function discardBody(response: Response): Promise<void> {
  if (response.body === null) return;
  try {
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    if (length <= 64 * 1024) await response.arrayBuffer();
    // Not awaited: msw 2.14 may never settle cancel() on an unsized body (mswjs/interceptors#799).
    else response.body.cancel().catch(() => {});
  } catch {
    // The response is dropped either way.
  }
}
