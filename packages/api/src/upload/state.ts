import { UploadError } from './errors.js';
import type { UploadPartEvent, UploadProgress, UploadResumeState, UploadUrl } from './types.js';

/** What an upload is made of, from the create response or a resume state. */
export interface UploadPlanInit {
  accountId: string;
  fileId: string;
  name: string;
  totalBytes: number;
  mediaType: string;
  uploadUrls: readonly UploadUrl[];
  completedParts: readonly number[];
}

/** Progress as `onProgress` receives it; `resumeState` is a prototype getter, so JSON leaves it out. */
class ProgressSnapshot implements UploadProgress {
  readonly bytesSent: number;
  readonly totalBytes: number;
  readonly partsCompleted: number;
  readonly partsTotal: number;
  readonly #tracker: UploadTracker;

  constructor(tracker: UploadTracker, bytesSent: number) {
    this.#tracker = tracker;
    this.bytesSent = bytesSent;
    this.totalBytes = tracker.totalBytes;
    this.partsCompleted = tracker.completedCount;
    this.partsTotal = tracker.uploadUrls.length;
  }

  get resumeState(): UploadResumeState {
    return this.#tracker.snapshot();
  }
}

class PartSnapshot extends ProgressSnapshot implements UploadPartEvent {
  readonly partNumber: number;
  readonly attempts: number;

  constructor(tracker: UploadTracker, bytesSent: number, partNumber: number, attempts: number) {
    super(tracker, bytesSent);
    this.partNumber = partNumber;
    this.attempts = attempts;
  }
}

/** Callbacks of the tracker; a callback that throws stops the upload through `onCallbackError`. */
export interface TrackerCallbacks {
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  onPartComplete?: ((event: UploadPartEvent) => void) | undefined;
  onCallbackError: (error: unknown) => void;
}

/**
 * The state of one upload: which parts arrived, the bytes in flight, and the progress reported so far.
 * Progress only moves forward: bytes of a failed attempt are dropped from the in-flight count, and nothing is
 * reported until the retry has sent more than the mark already reported.
 */
export class UploadTracker {
  readonly accountId: string;
  readonly fileId: string;
  readonly name: string;
  readonly totalBytes: number;
  readonly mediaType: string;
  readonly partSize: number;
  readonly uploadUrls: readonly UploadUrl[];
  readonly #completed = new Set<number>();
  #completedBytes = 0;
  readonly #inFlight = new Map<number, number>();
  #inFlightBytes = 0;
  #reportedBytes = -1;
  #reportedParts = -1;
  readonly #callbacks: TrackerCallbacks;

  constructor(init: UploadPlanInit, callbacks: TrackerCallbacks) {
    this.accountId = init.accountId;
    this.fileId = init.fileId;
    this.name = init.name;
    this.totalBytes = init.totalBytes;
    this.mediaType = init.mediaType;
    this.uploadUrls = Object.freeze(init.uploadUrls.map(({ size, url }) => Object.freeze({ size, url })));
    this.partSize = this.uploadUrls[0]?.size ?? 0;
    this.#callbacks = callbacks;
    for (const number of init.completedParts) {
      this.#completed.add(number);
      this.#completedBytes += this.uploadUrls[number - 1]?.size ?? 0;
    }
  }

  get completedCount(): number {
    return this.#completed.size;
  }

  isCompleted(partNumber: number): boolean {
    return this.#completed.has(partNumber);
  }

  /** A plain, JSON-ready copy of where the upload stands. */
  snapshot(): UploadResumeState {
    return {
      version: 1,
      accountId: this.accountId,
      fileId: this.fileId,
      name: this.name,
      totalBytes: this.totalBytes,
      mediaType: this.mediaType,
      partSize: this.partSize,
      uploadUrls: this.uploadUrls,
      completedParts: [...this.#completed].sort((a, b) => a - b),
    };
  }

  /** Reports the starting point (0, or the bytes of the parts a resume skips). */
  start(): void {
    this.#report();
  }

  /** `bytes` more of part `partNumber` went out. */
  addSent(partNumber: number, bytes: number): void {
    this.#inFlight.set(partNumber, (this.#inFlight.get(partNumber) ?? 0) + bytes);
    this.#inFlightBytes += bytes;
    this.#report();
  }

  /** The attempt for `partNumber` failed: what it sent no longer counts. */
  resetPart(partNumber: number): void {
    this.#inFlightBytes -= this.#inFlight.get(partNumber) ?? 0;
    this.#inFlight.delete(partNumber);
  }

  /** `partNumber` was acknowledged after `attempts` PUTs. */
  complete(partNumber: number, attempts: number): void {
    this.resetPart(partNumber);
    if (this.#completed.has(partNumber)) return;
    this.#completed.add(partNumber);
    this.#completedBytes += this.uploadUrls[partNumber - 1]?.size ?? 0;
    this.#report();
    const { onPartComplete } = this.#callbacks;
    if (onPartComplete) {
      this.#call(() => onPartComplete(new PartSnapshot(this, this.#reportedBytes, partNumber, attempts)));
    }
  }

  #report(): void {
    const current = Math.min(this.totalBytes, this.#completedBytes + this.#inFlightBytes);
    const parts = this.#completed.size;
    if (current <= this.#reportedBytes && parts <= this.#reportedParts) return;
    this.#reportedBytes = Math.max(this.#reportedBytes, current);
    this.#reportedParts = parts;
    const { onProgress } = this.#callbacks;
    if (onProgress) this.#call(() => onProgress(new ProgressSnapshot(this, this.#reportedBytes)));
  }

  #call(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.#callbacks.onCallbackError(error);
    }
  }
}

function fail(message: string): never {
  throw new TypeError(
    `uploadFile: resume is not a valid upload state (${message}). Pass the resumeState of an earlier ` +
      'uploadFile call unchanged (from onProgress, onPartComplete or the error), or start a new upload.',
  );
}

/** Checks a resume state given by the caller (it may come from disk) and that it fits this source. */
export function checkResumeState(state: unknown, accountId: string, sourceSize: number): UploadPlanInit {
  if (typeof state !== 'object' || state === null) fail(`got ${state === null ? 'null' : typeof state}`);
  const value = state as Partial<Record<keyof UploadResumeState, unknown>>;
  if (value.version !== 1) fail(`unknown version ${String(value.version)}`);
  for (const key of ['accountId', 'fileId', 'name', 'mediaType'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') fail(`${key} must be a non-empty string`);
  }
  const totalBytes = value.totalBytes;
  if (typeof totalBytes !== 'number' || !Number.isSafeInteger(totalBytes) || totalBytes < 0) {
    fail('totalBytes must be a non-negative integer');
  }
  if (!Array.isArray(value.uploadUrls)) fail('uploadUrls must be an array');
  const uploadUrls = value.uploadUrls.map((entry: unknown, index): UploadUrl => {
    const { size, url } = (entry ?? {}) as Partial<UploadUrl>;
    if (typeof url !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      fail(`uploadUrls[${index}] must be { size, url }`);
    }
    return { size, url };
  });
  if (uploadUrls.reduce((sum, part) => sum + part.size, 0) !== totalBytes) {
    fail('the part sizes do not add up to totalBytes');
  }
  if (!Array.isArray(value.completedParts)) fail('completedParts must be an array');
  const completedParts = value.completedParts.map((number: unknown) => {
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > uploadUrls.length) {
      fail(`completedParts holds ${String(number)}, not a part number from 1 to ${uploadUrls.length}`);
    }
    return number;
  });
  if (value.accountId !== accountId) {
    throw new UploadError(
      `uploadFile: the upload being resumed belongs to account ${String(value.accountId)}, not ${accountId}. ` +
        'Pass the accountId the upload was started with.',
      { fileId: value.fileId as string },
    );
  }
  if (totalBytes !== sourceSize) {
    throw new UploadError(
      `uploadFile: the source is ${sourceSize} bytes but the upload being resumed (file ${String(value.fileId)}) ` +
        `expects ${totalBytes}. Resume with the same bytes, or start a new upload without resume.`,
      { fileId: value.fileId as string },
    );
  }
  return {
    accountId,
    fileId: value.fileId as string,
    name: value.name as string,
    totalBytes,
    mediaType: value.mediaType as string,
    uploadUrls,
    completedParts,
  };
}
