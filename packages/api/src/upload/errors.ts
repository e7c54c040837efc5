import type { UploadResumeState } from './types.js';

/** Everything an {@link UploadError} is made of. */
export interface UploadErrorInit {
  /** The Frame.io file the upload belongs to, once it was created. */
  fileId?: string;
  /** Where the upload stopped: pass it back as `resume` to continue. */
  resumeState?: UploadResumeState;
  /** The underlying error. */
  cause?: unknown;
}

// Set only by the upload code (see the static block): the state holds presigned URLs, so it is kept in a
// private field where util.inspect and JSON.stringify of the error never show it.
let assignResumeState: (error: UploadError, state: UploadResumeState | undefined) => void;

/**
 * An upload could not finish. `resumeState` (when the file was already created) records which parts
 * arrived: pass it as `uploadFile(client, { …, resume: error.resumeState })` to send only the missing ones.
 * API calls that fail (creating the file, fetching it) throw `FrameioApiError` instead.
 */
export class UploadError extends Error {
  override readonly name: string = 'UploadError';
  /** The Frame.io file id, when the file was created before the failure. */
  readonly fileId: string | undefined;
  #resumeState: UploadResumeState | undefined;

  static {
    assignResumeState = (error, state) => {
      error.#resumeState = state;
    };
  }

  /** @param message what happened and what to do about it. */
  constructor(message: string, init: UploadErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.fileId = init.fileId ?? init.resumeState?.fileId;
    this.#resumeState = init.resumeState;
  }

  /**
   * The state to resume from: the file, its part URLs and the parts that completed. It holds the presigned
   * upload URLs, so store it like a credential until they expire; it is left out of `JSON.stringify(error)`.
   */
  get resumeState(): UploadResumeState | undefined {
    return this.#resumeState;
  }

  /** A plain summary for logs: no upload URL. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      fileId: this.fileId,
      completedParts: this.#resumeState?.completedParts,
    };
  }
}

/** @internal Records where the upload stopped on an error thrown while it ran. */
export function setResumeState(error: UploadError, state: UploadResumeState | undefined): void {
  assignResumeState(error, state);
}

/** Everything an {@link UploadPartError} is made of. */
export interface UploadPartErrorInit extends UploadErrorInit {
  /** 1-based part number. */
  partNumber: number;
  /** HTTP status of the last attempt; undefined for a network error. */
  status: number | undefined;
  /** S3 error code of the last attempt, e.g. `SignatureDoesNotMatch`. */
  code?: string;
  /** PUTs sent for this part. */
  attempts: number;
  /** The upload URL with its signature redacted. */
  url: string;
}

/**
 * One part could not be sent: a status that cannot succeed on retry (403 expired or mis-signed URL, 400
 * wrong size, 404 unknown upload) or a retryable failure that outlasted `retry.maxRetries`.
 */
export class UploadPartError extends UploadError {
  override readonly name: string = 'UploadPartError';
  /** 1-based number of the part (its position in `upload_urls`). */
  readonly partNumber: number;
  /** HTTP status of the last attempt; undefined when the request failed at the network level. */
  readonly status: number | undefined;
  /** The storage service's error code (S3 XML `<Code>`), e.g. `AccessDenied`, when it sent one. */
  readonly code: string | undefined;
  /** How many PUTs were sent for the part. */
  readonly attempts: number;
  /** The part's upload URL with credential-like query values redacted. */
  readonly url: string;

  /** @param message what happened and what to do about it. */
  constructor(message: string, init: UploadPartErrorInit) {
    super(message, init);
    this.partNumber = init.partNumber;
    this.status = init.status;
    this.code = init.code;
    this.attempts = init.attempts;
    this.url = init.url;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      partNumber: this.partNumber,
      status: this.status,
      code: this.code,
      attempts: this.attempts,
      url: this.url,
    };
  }
}

/**
 * The upload was stopped through its `signal`. `reason` is the signal's reason; `resumeState` (once the file
 * exists) lets a later `uploadFile(client, { …, resume })` send only the missing parts.
 */
export class UploadAbortedError extends UploadError {
  override readonly name: string = 'UploadAbortedError';
  /** The abort reason of the signal (by default a DOMException named `AbortError`). */
  readonly reason: unknown;

  /** @param reason the signal's `reason`. */
  constructor(reason: unknown, init: Omit<UploadErrorInit, 'cause'> = {}) {
    const resumable = init.resumeState
      ? ` ${init.resumeState.completedParts.length} of ${init.resumeState.uploadUrls.length} parts had arrived; ` +
        'pass `error.resumeState` as `resume` to send only the missing ones.'
      : ' The file was not created yet: start again.';
    super(`The upload was aborted.${resumable}`, { ...init, cause: reason });
    this.reason = reason;
  }
}

/** Why a download failed; see {@link DownloadError}. */
export type DownloadErrorCode =
  /** The file has no original media link (not uploaded or processed yet, or no original kept). */
  | 'not_available'
  /** Frame.io refused the media: the user may not download this file. */
  | 'forbidden'
  /** The transfer kept failing, or the server sent other bytes than the file size. */
  | 'failed';

/** Everything a {@link DownloadError} is made of. */
export interface DownloadErrorInit {
  code: DownloadErrorCode;
  fileId: string;
  /** HTTP status of the last attempt, if there was one. */
  status?: number;
  /** Requests sent for the media. */
  attempts?: number;
  cause?: unknown;
}

/** A file's original media could not be downloaded. `code` says why; the message says what to do. */
export class DownloadError extends Error {
  override readonly name: string = 'DownloadError';
  /** `not_available`, `forbidden` or `failed`. */
  readonly code: DownloadErrorCode;
  /** The Frame.io file id. */
  readonly fileId: string;
  /** HTTP status of the last media request, if any. */
  readonly status: number | undefined;
  /** How many media requests were sent. */
  readonly attempts: number;

  /** @param message what happened and what to do about it. */
  constructor(message: string, init: DownloadErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.fileId = init.fileId;
    this.status = init.status;
    this.attempts = init.attempts ?? 0;
  }

  /** A plain summary for logs: no media URL. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      fileId: this.fileId,
      status: this.status,
      attempts: this.attempts,
    };
  }
}
