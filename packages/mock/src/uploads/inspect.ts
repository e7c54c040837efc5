import type { ResourceStore } from '../resources/store.js';
import { contentBytes } from './upload.js';

/** One part of an upload, as tests see it. */
export interface MockUploadPartInfo {
  /** 1-based part number (the URL's position in `upload_urls`). */
  readonly number: number;
  readonly size: number;
  /** Whether a PUT with the right size arrived. */
  readonly received: boolean;
  /** Successful PUTs (a retried part counts each time). */
  readonly puts: number;
}

/** An upload, as tests see it. */
export interface MockUploadInfo {
  /** The file's (or comment attachment's) id. */
  readonly id: string;
  readonly size: number;
  /** The Content-Type every PUT must send. */
  readonly mediaType: string;
  /** Every part arrived. */
  readonly complete: boolean;
  /** When the last missing part arrived (emulator clock), if it did. */
  readonly completedAt: number | undefined;
  readonly parts: readonly MockUploadPartInfo[];
}

/** Upload helpers for tests: `mock.uploads`. */
export interface MockUploads {
  /** The upload of a file (or comment attachment); `undefined` for an unknown id. */
  get(id: string): MockUploadInfo | undefined;
  /** Numbers of the parts that arrived, ascending. */
  receivedParts(id: string): number[];
  /**
   * The file's bytes, reassembled (a copy), to compare or hash in a test. `undefined` until every part
   * arrived, or when the mock does not keep bytes (`keepUploadedBytes: false`).
   */
  bytes(id: string): Uint8Array | undefined;
}

/** @internal Builds `mock.uploads` over a store. */
export function createUploadsApi(store: ResourceStore): MockUploads {
  return {
    get(id) {
      const upload = store.uploads.get(id);
      if (!upload) return undefined;
      return {
        id: upload.id,
        size: upload.size,
        mediaType: upload.mediaType,
        complete: upload.completedAt !== undefined,
        completedAt: upload.completedAt,
        parts: upload.parts.map((part) => ({
          number: part.number,
          size: part.size,
          received: part.receivedAt !== undefined,
          puts: part.puts,
        })),
      };
    },
    receivedParts(id) {
      return (store.uploads.get(id)?.parts ?? [])
        .filter((part) => part.receivedAt !== undefined)
        .map((part) => part.number);
    },
    bytes(id) {
      const upload = store.uploads.get(id);
      return upload ? contentBytes(upload) : undefined;
    },
  };
}
