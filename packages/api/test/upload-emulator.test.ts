import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEED_IDS as ids } from '@frameio-v4/mock';
import { type MockServer, type StartMockServerOptions, startMockServer } from '@frameio-v4/mock/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createFrameioClient, type FrameioClient } from '../src/index.js';
import {
  DownloadError,
  downloadFile,
  UploadAbortedError,
  UploadPartError,
  type UploadProgress,
  type UploadResumeState,
  uploadFile,
} from '../src/node.js';

const MiB = 1024 * 1024;
const PART_PATH = /^\/_mock\/uploads\//;
// Fast retries: the tests check what is retried, not how long it waits.
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

/** `size` pseudo-random bytes from a seeded xorshift32: the same bytes on every run, and incompressible. */
function seededBytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(size / 4));
  let state = seed >>> 0 || 1;
  for (let index = 0; index < words.length; index++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    words[index] = state;
  }
  return new Uint8Array(words.buffer, 0, size);
}

function sha256(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) throw new Error('no bytes to hash');
  return createHash('sha256').update(bytes).digest('hex');
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'frameio-upload-test-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** An emulator over real HTTP and a client with a valid token for it. */
async function connect(
  options: StartMockServerOptions = {},
): Promise<{ server: MockServer; client: FrameioClient }> {
  const server = await startMockServer(options);
  servers.push(server);
  const token = await server.mock.issueAccessToken({
    clientId: server.mock.credentials.serverToServer.clientId,
    scopes: 'openid,AdobeID,frame.s2s.all',
    expiresInMs: 7 * 24 * 60 * 60 * 1000,
  });
  return { server, client: createFrameioClient({ auth: token, baseUrl: server.apiBaseUrl }) };
}

/** The part PUTs the emulator saw for a file, in order, as part numbers. */
function partPuts(server: MockServer, fileId: string): number[] {
  const prefix = `/_mock/uploads/${fileId}/`;
  return server.mock.state.requests
    .filter((entry) => entry.method === 'PUT' && entry.path.startsWith(prefix))
    .map((entry) => Number(entry.path.slice(prefix.length)));
}

function expectMonotonicProgress(
  events: readonly UploadProgress[],
  totalBytes: number,
  partsTotal: number,
): void {
  for (let index = 1; index < events.length; index++) {
    const previous = events[index - 1] as UploadProgress;
    const current = events[index] as UploadProgress;
    expect(current.bytesSent).toBeGreaterThanOrEqual(previous.bytesSent);
    expect(current.partsCompleted).toBeGreaterThanOrEqual(previous.partsCompleted);
    expect(current.bytesSent).toBeLessThanOrEqual(totalBytes);
  }
  expect(events.at(-1)).toMatchObject({
    bytesSent: totalBytes,
    totalBytes,
    partsCompleted: partsTotal,
    partsTotal,
  });
}

describe('uploadFile against the emulator', () => {
  test('100 MiB from a path survives three 503s and a connection reset; the bytes round-trip', async () => {
    const size = 100 * MiB;
    const partSize = 8 * MiB;
    const partsTotal = Math.ceil(size / partSize);
    const bytes = seededBytes(size, 0xf4a3e10);
    const path = join(directory, 'reel.mp4');
    await writeFile(path, bytes);
    const { server, client } = await connect({ uploadPartSize: partSize });
    server.mock.faults.add({
      match: { method: 'PUT', path: PART_PATH },
      fault: { kind: 'status', status: 503 },
      times: 3,
    });
    server.mock.faults.add({ match: { method: 'PUT', path: PART_PATH }, fault: { kind: 'reset' }, times: 1 });

    const events: UploadProgress[] = [];
    const file = await uploadFile(client, {
      accountId: ids.accountId,
      folderId: ids.rootFolderId,
      source: path,
      retry: FAST_RETRY,
      onProgress: (progress) => events.push({ ...progress }),
    });

    expect(file).toMatchObject({ name: 'reel.mp4', file_size: size, media_type: 'video/mp4' });
    expect(sha256(server.mock.uploads.bytes(file.id))).toBe(sha256(bytes));
    // 4 failed PUTs, each retried once: 4 parts were sent twice, the others once.
    const puts = partPuts(server, file.id);
    expect(puts).toHaveLength(partsTotal + 4);
    const faulted = server.mock.state.requests.filter(
      (entry) => entry.method === 'PUT' && entry.faults.length > 0,
    );
    expect(faulted.map((entry) => entry.faults).sort()).toEqual([
      ['reset'],
      ['status'],
      ['status'],
      ['status'],
    ]);
    const sendsPerPart = new Map<number, number>();
    for (const number of puts) sendsPerPart.set(number, (sendsPerPart.get(number) ?? 0) + 1);
    expect([...sendsPerPart.values()].filter((count) => count === 2)).toHaveLength(4);
    expect(server.mock.uploads.get(file.id)?.complete).toBe(true);
    expectMonotonicProgress(events, size, partsTotal);

    const target = join(directory, 'reel-download.mp4');
    const downloadEvents: number[] = [];
    const result = await downloadFile(client, {
      accountId: ids.accountId,
      fileId: file.id,
      to: target,
      onProgress: ({ bytesReceived }) => downloadEvents.push(bytesReceived),
    });
    expect(result).toMatchObject({ bytes: size, path: target });
    expect(await sha256OfFile(target)).toBe(sha256(bytes));
    expect(downloadEvents.at(-1)).toBe(size);
    expect(downloadEvents).toEqual([...downloadEvents].sort((a, b) => a - b));
  }, 60_000);

  test('an abort after N parts rejects with the resume state; resuming sends only the missing parts', async () => {
    const partSize = 256 * 1024;
    const partsTotal = 20;
    const bytes = seededBytes(partsTotal * partSize - 1000, 7);
    const { server, client } = await connect({ uploadPartSize: partSize });
    const controller = new AbortController();

    const aborted = await uploadFile(client, {
      accountId: ids.accountId,
      folderId: ids.rootFolderId,
      source: new Blob([bytes]),
      name: 'interview.mov',
      concurrency: 2,
      signal: controller.signal,
      onPartComplete: ({ partsCompleted }) => {
        if (partsCompleted === 5) controller.abort();
      },
    }).catch((error: unknown) => error);

    expect(aborted).toBeInstanceOf(UploadAbortedError);
    const error = aborted as UploadAbortedError;
    expect((error.reason as DOMException).name).toBe('AbortError');
    const state = error.resumeState as UploadResumeState;
    expect(state.completedParts.length).toBeGreaterThanOrEqual(5);
    expect(state.completedParts.length).toBeLessThan(partsTotal);
    const received = server.mock.uploads.receivedParts(state.fileId);
    expect(received.length).toBeLessThan(partsTotal);
    expect(received).toEqual(expect.arrayContaining([...state.completedParts]));
    // The state survives a trip through JSON (it is what a CLI would write to disk).
    const saved = JSON.parse(JSON.stringify(state)) as UploadResumeState;

    const putsBefore = partPuts(server, state.fileId).length;
    const createsBefore = server.mock.state.requests.filter((entry) =>
      entry.path.endsWith('/local_upload'),
    ).length;
    const events: UploadProgress[] = [];
    const file = await uploadFile(client, {
      accountId: ids.accountId,
      source: new Blob([bytes]),
      resume: saved,
      onProgress: (progress) => events.push({ ...progress }),
    });

    expect(file.id).toBe(state.fileId);
    const resumedPuts = partPuts(server, file.id).slice(putsBefore);
    expect(resumedPuts.sort((a, b) => a - b)).toEqual(
      Array.from({ length: partsTotal }, (_, index) => index + 1).filter(
        (n) => !state.completedParts.includes(n),
      ),
    );
    expect(server.mock.state.requests.filter((entry) => entry.path.endsWith('/local_upload'))).toHaveLength(
      createsBefore,
    );
    expect(events[0]).toMatchObject({ partsCompleted: state.completedParts.length });
    expectMonotonicProgress(events, bytes.byteLength, partsTotal);
    expect(sha256(server.mock.uploads.bytes(file.id))).toBe(sha256(bytes));
  });

  test('expired part URLs (403) fail at once with an UploadPartError that says to start over', async () => {
    const partSize = 64 * 1024;
    const bytes = seededBytes(8 * partSize, 11);
    const { server, client } = await connect({ uploadPartSize: partSize });
    const controller = new AbortController();
    const first = await uploadFile(client, {
      accountId: ids.accountId,
      folderId: ids.rootFolderId,
      source: new Blob([bytes]),
      name: 'expiring.mp4',
      concurrency: 1,
      signal: controller.signal,
      onPartComplete: () => controller.abort(),
    }).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(UploadAbortedError);
    const state = (first as UploadAbortedError).resumeState as UploadResumeState;
    server.mock.clock.advance(25 * 60 * 60 * 1000);
    const putsBefore = partPuts(server, state.fileId).length;

    const error = await uploadFile(client, {
      accountId: ids.accountId,
      source: new Blob([bytes]),
      resume: state,
      retry: FAST_RETRY,
    }).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(UploadPartError);
    const partError = error as UploadPartError;
    expect(partError).toMatchObject({ status: 403, code: 'AccessDenied', attempts: 1, fileId: state.fileId });
    expect(partError.message).toMatch(/expired/);
    expect(partError.message).toContain('start a new upload without `resume`');
    expect(partError.url).not.toContain(
      new URL(state.uploadUrls[0]?.url ?? '').searchParams.get('signature'),
    );
    expect(partError.resumeState?.completedParts).toEqual(state.completedParts);
    // Not retried: no part was sent twice.
    const puts = partPuts(server, state.fileId).slice(putsBefore);
    expect(new Set(puts).size).toBe(puts.length);
  });

  test('a Blob source with a failing part: progress is monotonic and ends at the file size', async () => {
    const bytes = seededBytes(3 * MiB + 12_345, 3);
    const { server, client } = await connect({ uploadPartSize: MiB });
    // A reset rather than a status fault: the emulator answers status faults without reading the request
    // body and keeps the connection open, which stalls the next request undici sends on it.
    server.mock.faults.add({ match: { method: 'PUT', path: PART_PATH }, fault: { kind: 'reset' } });
    const events: UploadProgress[] = [];
    const file = await uploadFile(client, {
      accountId: ids.accountId,
      folderId: ids.rootFolderId,
      source: new File([bytes], 'poster.png', { type: 'image/png' }),
      retry: FAST_RETRY,
      onProgress: (progress) => events.push({ ...progress }),
    });
    expect(file.name).toBe('poster.png');
    expect(sha256(server.mock.uploads.bytes(file.id))).toBe(sha256(bytes));
    expect(events[0]).toMatchObject({ bytesSent: 0, partsCompleted: 0, partsTotal: 4 });
    expectMonotonicProgress(events, bytes.byteLength, 4);
  });

  test('a ReadableStream source is read in order with at most `concurrency` parts buffered', async () => {
    const partSize = 256 * 1024;
    const chunkSize = 64 * 1024;
    const concurrency = 3;
    const bytes = seededBytes(12 * partSize + 777, 5);
    // Slow part PUTs keep several parts in flight, which is when buffering could grow.
    const { server, client } = await connect({ uploadPartSize: partSize });
    server.mock.faults.add({
      match: { method: 'PUT', path: PART_PATH },
      fault: { kind: 'delay', ms: 40 },
      times: Number.POSITIVE_INFINITY,
    });
    let pulled = 0;
    let acknowledged = 0;
    let mostBuffered = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulled >= bytes.byteLength) {
            controller.close();
            return;
          }
          const chunk = bytes.slice(pulled, pulled + chunkSize);
          pulled += chunk.byteLength;
          mostBuffered = Math.max(mostBuffered, pulled - acknowledged);
          controller.enqueue(chunk);
        },
      },
      // Produce only when the uploader reads, so `pulled` is what it took.
      { highWaterMark: 0 },
    );

    const file = await uploadFile(client, {
      accountId: ids.accountId,
      folderId: ids.rootFolderId,
      source: { stream, size: bytes.byteLength },
      name: 'live.mxf',
      concurrency,
      onPartComplete: ({ partNumber, resumeState }) => {
        acknowledged += resumeState.uploadUrls[partNumber - 1]?.size ?? 0;
      },
    });

    expect(sha256(server.mock.uploads.bytes(file.id))).toBe(sha256(bytes));
    // More than one part was held (parts overlapped), never more than `concurrency` of them (+ the chunk that
    // straddles two parts).
    expect(mostBuffered).toBeGreaterThan(partSize);
    expect(mostBuffered).toBeLessThanOrEqual(concurrency * partSize + chunkSize);
  });

  test('a path source whose part URL expired gets the S3 error code and message, without a retry', async () => {
    const partSize = 512 * 1024;
    const bytes = seededBytes(4 * partSize, 13);
    const path = join(directory, 'expiring-path.mp4');
    await writeFile(path, bytes);
    const { server, client } = await connect({ uploadPartSize: partSize });
    const controller = new AbortController();
    const first = await uploadFile(client, {
      accountId: ids.accountId,
      folderId: ids.rootFolderId,
      source: path,
      concurrency: 1,
      signal: controller.signal,
      onPartComplete: () => controller.abort(),
    }).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(UploadAbortedError);
    const state = (first as UploadAbortedError).resumeState as UploadResumeState;
    server.mock.clock.advance(25 * 60 * 60 * 1000);

    const error = await uploadFile(client, {
      accountId: ids.accountId,
      source: path,
      resume: state,
      retry: FAST_RETRY,
    }).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(UploadPartError);
    expect(error).toMatchObject({ status: 403, code: 'AccessDenied', attempts: 1, fileId: state.fileId });
    expect((error as UploadPartError).message).toMatch(/expired/);
  });

  test('a path source with a custom fetch sends every part through that fetch', async () => {
    const partSize = 512 * 1024;
    const bytes = seededBytes(3 * partSize + 99, 17);
    const path = join(directory, 'custom-fetch.mp4');
    await writeFile(path, bytes);
    const { server, client } = await connect({ uploadPartSize: partSize });
    const methods: string[] = [];
    const file = await uploadFile(client, {
      accountId: ids.accountId,
      folderId: ids.rootFolderId,
      source: path,
      fetch: (input, init) => {
        methods.push(init?.method ?? 'GET');
        return fetch(input, init);
      },
    });
    expect(sha256(server.mock.uploads.bytes(file.id))).toBe(sha256(bytes));
    expect(methods).toEqual(['PUT', 'PUT', 'PUT', 'PUT']);
  });
});

describe('downloadFile against the emulator', () => {
  test('a connection reset is retried and the file lands complete at the path', async () => {
    const bytes = seededBytes(2 * MiB + 3, 9);
    const { server, client } = await connect({ uploadPartSize: MiB });
    const file = await uploadFile(client, {
      accountId: ids.accountId,
      folderId: ids.rootFolderId,
      source: new Blob([bytes]),
      name: 'notes.txt',
    });
    server.mock.faults.add({ match: { method: 'GET', path: /^\/_mock\/media\// }, fault: { kind: 'reset' } });
    const target = join(directory, 'notes-download.txt');
    const result = await downloadFile(client, {
      accountId: ids.accountId,
      fileId: file.id,
      to: target,
      retry: FAST_RETRY,
    });
    expect(result.bytes).toBe(bytes.byteLength);
    expect(await sha256OfFile(target)).toBe(sha256(bytes));
  });

  test('a file without an original yet is a DownloadError, and no file (or temporary file) is left', async () => {
    const { client } = await connect();
    const target = join(directory, 'pending', 'raw_take_01.mov');
    await mkdir(join(directory, 'pending'));
    const error = await downloadFile(client, {
      accountId: ids.accountId,
      fileId: ids.pendingUploadFileId,
      to: target,
    }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ code: 'not_available', fileId: ids.pendingUploadFileId });
    expect((error as DownloadError).message).toContain('upload is not complete');
    expect(await readdir(join(directory, 'pending'))).toEqual([]);
  });
});
