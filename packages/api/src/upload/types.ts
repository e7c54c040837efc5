import type { components } from '../generated/schema.js';

/** A Frame.io file as `GET /v4/accounts/{account_id}/files/{file_id}` returns it. */
export type FrameioFile = components['schemas']['FileWithIncludes'];

/** The fetch used for presigned upload and media URLs: the standard signature. */
export type TransferFetch = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The bytes of one part, as a source returns them: a `Blob` (sent as is, read from disk by the runtime), a
 * `Uint8Array`, or a `ReadableStream` (streamed, with progress as it is read; Node only, since browsers do
 * not stream request bodies to HTTP/1.1 servers such as S3).
 */
export type UploadPartBody = Blob | Uint8Array | ReadableStream<Uint8Array>;

/**
 * A source read part by part: `slice(start, end)` returns bytes `[start, end)`. It is called once per part
 * attempt (again on a retry), so it must return the same bytes every time. A `Blob` / `File` is one.
 */
export interface SliceableUploadSource {
  /** Size in bytes. */
  readonly size: number;
  /** Bytes `[start, end)`; exactly `end - start` of them. */
  slice(start: number, end: number): UploadPartBody | Promise<UploadPartBody>;
  /** File name used when the `name` option is not given (a `File` has one). */
  readonly name?: string;
  /** Media type used when Frame.io returns none (a `Blob` has one). */
  readonly type?: string;
}

/**
 * A stream of known size, read once from start to end. A part must be kept until it is acknowledged (it may
 * need a retry), so up to `concurrency` parts are held in memory; prefer a `Blob` or a file path when you have
 * one.
 */
export interface StreamUploadSource {
  /** The bytes of the file, `size` of them. */
  readonly stream: ReadableStream<Uint8Array>;
  /** Exact size in bytes: Frame.io sizes the parts from it. */
  readonly size: number;
  /** File name used when the `name` option is not given. */
  readonly name?: string;
}

/** What `uploadFile` reads: a `Blob` / `File`, a stream of known size, or your own sliceable source. */
export type UploadSource = Blob | StreamUploadSource | SliceableUploadSource;

/** One presigned part URL: `size` bytes go to `url`. */
export interface UploadUrl {
  /** Exact number of bytes of this part. */
  readonly size: number;
  /** Presigned URL the part is PUT to (a credential until it expires). */
  readonly url: string;
}

/**
 * Where an upload stands, enough to continue it later without creating a new file: pass it as `resume`. Plain
 * JSON. It holds the presigned part URLs, so store it as you would a token, until they expire.
 */
export interface UploadResumeState {
  /** Format version of this object. */
  readonly version: 1;
  /** Account of the file. */
  readonly accountId: string;
  /** The file being uploaded. */
  readonly fileId: string;
  /** Its name. */
  readonly name: string;
  /** Size of the whole file in bytes. */
  readonly totalBytes: number;
  /** The Content-Type every part is sent with (the URLs are signed with it). */
  readonly mediaType: string;
  /** Size of the parts (the last one may be smaller). */
  readonly partSize: number;
  /** The part URLs in order; part `n` is `uploadUrls[n - 1]`. */
  readonly uploadUrls: readonly UploadUrl[];
  /** 1-based numbers of the parts that arrived, ascending. */
  readonly completedParts: readonly number[];
}

/** Progress of an upload, passed to `onProgress`. */
export interface UploadProgress {
  /**
   * Bytes handed to the network. Never decreases: when a part fails, the bytes it had sent are dropped from
   * the count and progress waits until its retry passes the earlier mark, so no byte counts twice. Blob and
   * in-memory parts count when they are acknowledged, streamed parts (file paths in Node) as they are read.
   */
  readonly bytesSent: number;
  /** Size of the file. */
  readonly totalBytes: number;
  /** Parts acknowledged so far (including those skipped by `resume`). */
  readonly partsCompleted: number;
  /** Number of parts. */
  readonly partsTotal: number;
  /** A snapshot of the state to resume from, built when read (not enumerable: JSON leaves it out). */
  readonly resumeState: UploadResumeState;
}

/** A part was acknowledged, passed to `onPartComplete`: persist `resumeState` here to survive a crash. */
export interface UploadPartEvent extends UploadProgress {
  /** 1-based number of the part. */
  readonly partNumber: number;
  /** PUTs it took (1 when the first one succeeded). */
  readonly attempts: number;
}

/** Retries of part PUTs and media downloads. */
export interface TransferRetryOptions {
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Backoff base: retry n waits a random time in `[0, min(maxDelayMs, baseDelayMs × 2ⁿ)]`. Default 500. */
  baseDelayMs?: number;
  /** Cap on any wait, in ms. Default 20 000. */
  maxDelayMs?: number;
}

/** How long `uploadFile` waits for Frame.io to confirm the upload (`GET …/files/{id}/status`). */
export interface WaitForUploadOptions {
  /** Give up after this long. Default 60 000 ms. */
  timeoutMs?: number;
  /** Time between two status checks. Default 1 000 ms (the endpoint allows 5 calls per second). */
  intervalMs?: number;
}

/** Options of `uploadFile` shared by every source kind. */
export interface UploadFileBaseOptions<Source> {
  /** Account of the target folder. */
  accountId: string;
  /** The bytes to upload. */
  source: Source;
  /** File name in Frame.io (which derives the media type from it). Default: the source's name. */
  name?: string;
  /**
   * Content-Type for the parts when Frame.io returns no `media_type` for the new file. Frame.io's value always
   * wins: the part URLs are signed with it. Default: the Blob's type, else `application/octet-stream`.
   */
  mediaType?: string;
  /** Parts sent at the same time. Default 4. */
  concurrency?: number;
  /** Aborts every part in flight; `uploadFile` then rejects with an `UploadAbortedError`. */
  signal?: AbortSignal;
  /** Called as bytes go out, once at the start and once when every part is acknowledged. */
  onProgress?: (progress: UploadProgress) => void;
  /** Called when a part is acknowledged. */
  onPartComplete?: (event: UploadPartEvent) => void;
  /** Retries of failed part PUTs (network errors, 5xx, 429, S3 RequestTimeout). */
  retry?: TransferRetryOptions;
  /**
   * Wait until `GET …/files/{id}/status` reports `upload_complete` before returning. Default true (60 s
   * bound); `false` returns right after the last part.
   */
  waitForUpload?: boolean | WaitForUploadOptions;
  /** fetch for the presigned part URLs. Default `globalThis.fetch`, looked up on every request. */
  fetch?: TransferFetch;
  /** Clock for the `waitForUpload` deadline, in epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** Where the upload goes: a new file in `folderId`, or the file of an earlier attempt (`resume`). */
export type UploadTarget =
  | {
      /** Folder the new file is created in. */
      folderId: string;
      /** The state of an earlier attempt: its completed parts are skipped and no new file is created. */
      resume?: UploadResumeState | undefined;
    }
  | { folderId?: string; resume: UploadResumeState };

/** Options of `uploadFile`. */
export type UploadFileOptions = UploadFileBaseOptions<UploadSource> & UploadTarget;

/** Progress of a download, passed to `onProgress`. */
export interface DownloadProgress {
  /** Bytes written to the destination so far; never decreases. */
  readonly bytesReceived: number;
  /** Size of the file. */
  readonly totalBytes: number;
}

/** Options of `downloadFile` shared by every destination kind. */
export interface DownloadFileBaseOptions<Destination> {
  /** Account of the file. */
  accountId: string;
  /** The file to download (its original media). */
  fileId: string;
  /** Where the bytes go. */
  to: Destination;
  /** Aborts the download; `downloadFile` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called as bytes are written, and once at the end. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Retries of a failed transfer; each one continues where the last stopped (HTTP Range). */
  retry?: TransferRetryOptions;
  /** fetch for the media URL. Default `globalThis.fetch`, looked up on every request. */
  fetch?: TransferFetch;
}

/** Options of `downloadFile`: the bytes are written to a `WritableStream`, which is closed at the end. */
export type DownloadFileOptions = DownloadFileBaseOptions<WritableStream<Uint8Array>>;

/** What `downloadFile` resolves to. */
export interface DownloadResult {
  /** The file, as fetched with `include=media_links.original`. */
  file: FrameioFile;
  /** Bytes written. */
  bytes: number;
}
