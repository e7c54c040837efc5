/// <reference types="node" />
// Node-only module (reached from src/node.ts only): the reference gives it Node types, the browser entry has none.
import { randomBytes } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { UploadError } from './errors.js';
import type { SliceableUploadSource } from './types.js';

/**
 * Chunk size of the part read streams. Bigger than fs's 64 KiB default: each chunk crosses a web stream (for
 * progress counting) into undici, and fewer, larger chunks keep that cost out of the throughput.
 */
export const FILE_READ_CHUNK_BYTES = 1024 * 1024;

/** A pull-based web stream over a Node readable: reads only as fast as fetch sends. */
function toWebStream(readable: Readable): ReadableStream<Uint8Array> {
  const iterator = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        readable.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Chunk size of the part read streams piped into `node:http` requests: fs's default. Nothing per chunk crosses
 * a web stream there, and small chunks keep the bytes buffered per part small.
 */
export const NODE_PART_READ_CHUNK_BYTES = 64 * 1024;

/** A file path source: a sliceable source (for a custom fetch) that also gives Node streams of its ranges. */
export interface FileUploadSource extends SliceableUploadSource {
  readonly name: string;
  /** A fresh read stream of bytes [start, end); rejects with an UploadError if the file changed. */
  readRange(start: number, end: number): Promise<Readable>;
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/**
 * A file on disk as an upload source: each part attempt opens its own `fs.createReadStream({ start, end })`
 * (so a retry reads the range again, and nothing is held between attempts). A file that changes during the
 * upload (size, modification time or inode) fails the upload instead of sending mixed content.
 */
export async function fileUploadSource(path: string): Promise<FileUploadSource> {
  const absolute = resolve(path);
  let initial: Stats;
  try {
    initial = await stat(absolute);
  } catch (error) {
    throw new UploadError(
      `uploadFile: cannot read ${absolute}: ${(error as Error).message}. Check the path.`,
      {
        cause: error,
      },
    );
  }
  if (!initial.isFile()) {
    throw new UploadError(`uploadFile: ${absolute} is not a regular file; pass the path of a file.`);
  }
  /** Opens bytes [start, end) after checking the file is still the one the upload started with. */
  const openRange = async (start: number, end: number, highWaterMark: number): Promise<Readable> => {
    const current = await stat(absolute).catch(() => undefined);
    if (current === undefined || !sameFile(initial, current)) {
      throw new UploadError(
        `uploadFile: ${absolute} changed or disappeared during the upload. Upload it again once it is complete ` +
          '(a resume would mix old and new content).',
      );
    }
    // fs ranges are inclusive at both ends.
    return createReadStream(absolute, { start, end: end - 1, highWaterMark });
  };
  return {
    size: initial.size,
    name: basename(absolute),
    async slice(start, end) {
      return toWebStream(await openRange(start, end, FILE_READ_CHUNK_BYTES));
    },
    readRange: (start, end) => openRange(start, end, NODE_PART_READ_CHUNK_BYTES),
  };
}

/** A file being written next to its final path; `commit` renames it into place, `discard` removes it. */
export interface TemporaryFileSink {
  /** Absolute final path. */
  readonly path: string;
  /** Writes go to a temporary file in the same directory (so the final rename is atomic). */
  readonly stream: WritableStream<Uint8Array>;
  /** Renames the completed temporary file to `path`, replacing what is there. */
  commit(): Promise<void>;
  /** Closes and deletes the temporary file. */
  discard(): Promise<void>;
}

/** Opens `.<name>.<random>.part` next to `path` for a download. */
export async function openTemporaryFileSink(path: string): Promise<TemporaryFileSink> {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx');
  } catch (error) {
    throw new Error(
      `downloadFile: cannot create a file in ${dirname(target)} (${(error as Error).message}). Check that the ` +
        'directory exists and is writable.',
      { cause: error },
    );
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const stream = new WritableStream<Uint8Array>({
    async write(chunk) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
        offset += bytesWritten;
      }
    },
    async close() {
      // On disk before the rename, so a crash cannot leave a complete-looking but empty file.
      await handle.sync();
      await close();
    },
    async abort() {
      await close();
    },
  });
  return {
    path: target,
    stream,
    async commit() {
      await close();
      await rename(temporary, target);
    },
    async discard() {
      await close().catch(() => {});
      await rm(temporary, { force: true });
    },
  };
}
