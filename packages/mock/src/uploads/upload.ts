/** One part of an upload: a byte range the client PUTs to its own URL. */
export interface UploadPart {
  /** 1-based, like S3's `partNumber`. */
  readonly number: number;
  /** Where the part starts in the file. */
  readonly offset: number;
  /** Exactly how many bytes the PUT must carry. */
  readonly size: number;
  /** The bytes of the last successful PUT (absent when `keepUploadedBytes` is false). */
  bytes: Uint8Array | undefined;
  /** When the last successful PUT of this part finished; `undefined` until one did. */
  receivedAt: number | undefined;
  /** Successful PUTs of this part (a re-PUT replaces the bytes and counts again). */
  puts: number;
}

/** What an upload belongs to: a file, or a comment attachment. */
export type UploadTarget = 'file' | 'attachment';

/**
 * The upload of one file (or comment attachment): its presigned-style part URLs and what arrived. Uploads of
 * seeded files are complete from the start.
 */
export interface MockUpload {
  /** The file's (or attachment's) id. */
  readonly id: string;
  readonly target: UploadTarget;
  readonly accountId: string;
  readonly size: number;
  /** Every PUT must send this `Content-Type` (the URLs are signed with it, as S3 presigned URLs are). */
  readonly mediaType: string;
  /** The `signature` query parameter of the part URLs. */
  readonly signature: string;
  /** The part URLs stop working at this time (emulator clock), like presigned S3 URLs. */
  readonly expiresAt: number;
  readonly parts: UploadPart[];
  /** When the last missing part arrived; `undefined` while parts are missing. */
  completedAt: number | undefined;
  /**
   * Content generated on the fly instead of stored bytes: seeded files given only a size download as a
   * repeating pattern, so large files cost no memory.
   */
  readonly synthetic: boolean;
}

/** S3 allows at most 10,000 parts per multipart upload; V4 sizes parts to stay within it. */
export const MAX_UPLOAD_PARTS = 10_000;

/** 25 MiB: the default part size. */
export const DEFAULT_UPLOAD_PART_SIZE = 25 * 1024 * 1024;

/** Presigned upload URLs stay valid this long on the emulator clock. */
export const UPLOAD_URL_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Splits `size` bytes into parts of `partSize` (the last one smaller), growing the part size when more than
 * {@link MAX_UPLOAD_PARTS} parts would be needed.
 */
export function planParts(size: number, partSize: number): UploadPart[] {
  const effective = Math.max(partSize, Math.ceil(size / MAX_UPLOAD_PARTS));
  const parts: UploadPart[] = [];
  for (let offset = 0, number = 1; offset < size; offset += effective, number++) {
    parts.push({
      number,
      offset,
      size: Math.min(effective, size - offset),
      bytes: undefined,
      receivedAt: undefined,
      puts: 0,
    });
  }
  return parts;
}

/** The byte at `index` of a synthetic (seeded, size-only) file: a cheap repeating pattern. */
export function syntheticByte(index: number): number {
  return (index * 31 + 7) & 0xff;
}

/** Synthetic content for `length` bytes starting at `offset`. */
export function syntheticBytes(offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = syntheticByte(offset + index);
  return bytes;
}

/** Whether the upload's content can be downloaded: complete, and its bytes kept (or synthetic). */
export function hasContent(upload: MockUpload): boolean {
  return (
    upload.completedAt !== undefined &&
    (upload.synthetic || upload.parts.every((part) => part.bytes !== undefined))
  );
}

/**
 * The upload's content as a stream, part after part (no reassembly copy). `undefined` when the bytes are
 * not available (see {@link hasContent}).
 */
export function contentStream(upload: MockUpload): ReadableStream<Uint8Array> | undefined {
  if (!hasContent(upload)) return undefined;
  const chunkSize = 1024 * 1024;
  let partIndex = 0;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (upload.synthetic) {
        if (offset >= upload.size) return controller.close();
        const length = Math.min(chunkSize, upload.size - offset);
        controller.enqueue(syntheticBytes(offset, length));
        offset += length;
        return;
      }
      const part = upload.parts[partIndex++];
      if (!part?.bytes) return controller.close();
      // A copy, so a consumer that transfers or changes the chunk cannot touch the stored part.
      if (part.bytes.byteLength > 0) controller.enqueue(part.bytes.slice());
    },
  });
}

/** The upload's content as one copy, for tests; `undefined` when it is not available. */
export function contentBytes(upload: MockUpload): Uint8Array | undefined {
  if (!hasContent(upload)) return undefined;
  if (upload.synthetic) return syntheticBytes(0, upload.size);
  const bytes = new Uint8Array(upload.size);
  for (const part of upload.parts) bytes.set(part.bytes as Uint8Array, part.offset);
  return bytes;
}

/** A 1×1 grey PNG: what the emulator serves for every thumbnail and scrub sheet. */
export const PLACEHOLDER_PNG: Uint8Array = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=='),
  (char) => char.charCodeAt(0),
);
