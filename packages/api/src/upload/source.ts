import { isBlob, isReadableStream, raceAbort } from './abort.js';
import { UploadError } from './errors.js';
import type { StreamUploadSource, UploadPartBody, UploadSource } from './types.js';

/** One part of the upload plan. */
export interface PlannedPart {
  /** 1-based. */
  readonly number: number;
  readonly offset: number;
  readonly size: number;
  readonly url: string;
}

/** A part whose bytes can be produced for each attempt. */
export interface PreparedPart {
  /** The part's bytes for one attempt (a new stream each time). */
  body(): Promise<UploadPartBody>;
}

/** What the uploader reads from, whatever the caller passed. */
export interface PartSource {
  readonly size: number;
  readonly name: string | undefined;
  readonly type: string | undefined;
  /**
   * Gets a part ready. Called once per part, in ascending part order (a stream source relies on it); the
   * returned part is dropped once sent, which is what bounds memory for stream sources.
   */
  prepare(part: PlannedPart, signal: AbortSignal): Promise<PreparedPart>;
  /** Releases the source (cancels a stream that was not read to the end). */
  close(reason: unknown): Promise<void>;
}

function checkSize(size: unknown, what: string): number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new TypeError(
      `uploadFile: ${what} must be the size in bytes (a non-negative integer), got ${String(size)}.`,
    );
  }
  return size;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Checks what a source returned for one part; streams are checked as they are read. */
function checkPartBody(body: unknown, part: PlannedPart): UploadPartBody {
  if (isReadableStream(body)) return body;
  const size = isBlob(body) ? body.size : body instanceof Uint8Array ? body.byteLength : undefined;
  if (size === undefined) {
    throw new UploadError(
      `uploadFile: the source's slice(${part.offset}, ${part.offset + part.size}) returned ${typeof body}; ` +
        'return a Blob, a Uint8Array or a ReadableStream of Uint8Array.',
    );
  }
  if (size !== part.size) {
    throw new UploadError(
      `uploadFile: part ${part.number} must be ${part.size} bytes but the source gave ${size} for ` +
        `[${part.offset}, ${part.offset + part.size}). The source is smaller than its declared size or changed ` +
        'during the upload: upload it again once it is stable.',
    );
  }
  return body as UploadPartBody;
}

/** A Blob or custom source: every attempt slices again, so nothing is held between attempts. */
function sliceableSource(source: {
  size: number;
  slice(start: number, end: number): unknown;
  name?: unknown;
  type?: unknown;
}): PartSource {
  return {
    size: checkSize(source.size, 'source.size'),
    name: optionalString(source.name),
    type: optionalString(source.type),
    async prepare(part) {
      return {
        async body() {
          let body: unknown;
          try {
            body = await source.slice(part.offset, part.offset + part.size);
          } catch (error) {
            if (error instanceof UploadError) throw error;
            throw new UploadError(
              `uploadFile: reading part ${part.number} from the source failed: ${String(error)}. Check that ` +
                'the source is still readable, then resume.',
              { cause: error },
            );
          }
          return checkPartBody(body, part);
        },
      };
    },
    async close() {},
  };
}

/**
 * A stream read once, in order: each part is copied into its own buffer (kept for retries until the part is
 * acknowledged). Parts are read one at a time, in the order `prepare` is called, and only when a worker is
 * free to send them, so at most `concurrency` part buffers exist at once.
 */
class StreamPartSource implements PartSource {
  readonly size: number;
  readonly name: string | undefined;
  readonly type = undefined;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  /** Bytes taken from the stream, including `#leftover`'s. */
  #position = 0;
  /** The unread tail of the last chunk. */
  #leftover: Uint8Array | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #finished = false;

  constructor(source: StreamUploadSource) {
    this.size = checkSize(source.size, 'source.size');
    this.name = optionalString(source.name);
    try {
      this.#reader = source.stream.getReader();
    } catch (error) {
      throw new TypeError(
        'uploadFile: source.stream is locked or already read; pass a fresh ReadableStream (a stream can be read once).',
        { cause: error },
      );
    }
  }

  prepare(part: PlannedPart, signal: AbortSignal): Promise<PreparedPart> {
    const read = this.#queue.then(() => this.#read(part, signal));
    this.#queue = read.catch(() => {});
    return read.then((bytes) => ({ body: async () => bytes }));
  }

  async close(reason: unknown): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    this.#leftover = undefined;
    try {
      await this.#reader.cancel(reason);
    } catch {
      // The stream already errored; nothing is left to release.
    }
  }

  async #next(signal: AbortSignal): Promise<Uint8Array | undefined> {
    const leftover = this.#leftover;
    if (leftover !== undefined) {
      this.#leftover = undefined;
      return leftover;
    }
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await raceAbort(this.#reader.read(), signal);
      } catch (error) {
        if (signal.aborted) throw error;
        throw new UploadError(
          `uploadFile: reading the source stream failed after ${this.#position} bytes: ${String(error)}. A stream ` +
            'can be read only once: resume with a new stream of the same bytes.',
          { cause: error },
        );
      }
      if (result.done) return undefined;
      const chunk: unknown = result.value;
      if (!(chunk instanceof Uint8Array)) {
        throw new UploadError(
          `uploadFile: the source stream yielded a ${typeof chunk} chunk; it must yield Uint8Array chunks ` +
            '(pipe text through a TextEncoderStream).',
        );
      }
      if (chunk.byteLength > 0) {
        this.#position += chunk.byteLength;
        return chunk;
      }
    }
  }

  #endedEarly(): UploadError {
    return new UploadError(
      `uploadFile: the source stream ended after ${this.#position} bytes, but its size is ${this.size}. Pass the ` +
        'exact size with the stream.',
    );
  }

  /** Takes up to `wanted` bytes, putting the rest of the chunk back. */
  async #take(wanted: number, signal: AbortSignal): Promise<Uint8Array> {
    const chunk = await this.#next(signal);
    if (chunk === undefined) throw this.#endedEarly();
    if (chunk.byteLength <= wanted) return chunk;
    this.#leftover = chunk.subarray(wanted);
    return chunk.subarray(0, wanted);
  }

  async #read(part: PlannedPart, signal: AbortSignal): Promise<Uint8Array> {
    // Bytes of parts skipped by `resume` are read and dropped.
    let consumed = this.#position - (this.#leftover?.byteLength ?? 0);
    while (consumed < part.offset) {
      consumed += (await this.#take(part.offset - consumed, signal)).byteLength;
    }
    const buffer = new Uint8Array(part.size);
    let filled = 0;
    while (filled < part.size) {
      const chunk = await this.#take(part.size - filled, signal);
      buffer.set(chunk, filled);
      filled += chunk.byteLength;
    }
    if (part.offset + part.size === this.size) {
      // The last part: the stream must end here, or `size` was wrong and the file would be cut short.
      if (this.#leftover !== undefined || (await this.#next(signal)) !== undefined) {
        throw new UploadError(
          `uploadFile: the source stream has more than its declared size of ${this.size} bytes. Pass the exact ` +
            'size with the stream.',
        );
      }
      this.#finished = true;
    }
    return buffer;
  }
}

/** Turns what the caller passed as `source` into a {@link PartSource}. */
export function toPartSource(source: UploadSource): PartSource {
  if (typeof source === 'string') {
    throw new TypeError(
      'uploadFile: a file path needs Node: import { uploadFile } from "@frameio-v4/api/node". In a browser, pass ' +
        'the File from an <input type="file">.',
    );
  }
  if (typeof source !== 'object' || source === null) {
    throw new TypeError(
      `uploadFile: source must be a Blob / File, { stream, size } or { size, slice(start, end) }, got ${typeof source}.`,
    );
  }
  if (isReadableStream((source as StreamUploadSource).stream)) {
    return new StreamPartSource(source as StreamUploadSource);
  }
  if (typeof (source as { slice?: unknown }).slice === 'function') {
    return sliceableSource(source as Parameters<typeof sliceableSource>[0]);
  }
  if ('stream' in source) {
    throw new TypeError(
      'uploadFile: source.stream must be a ReadableStream of Uint8Array (in Node, convert a stream.Readable with ' +
        'Readable.toWeb()), with source.size its exact size.',
    );
  }
  throw new TypeError(
    'uploadFile: source must be a Blob / File, { stream, size } or { size, slice(start, end) }; in Node, import ' +
      'uploadFile from @frameio-v4/api/node to upload a file path.',
  );
}
