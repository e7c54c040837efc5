import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createFrameioClient,
  FrameioApiError,
  UploadAbortedError,
  UploadError,
  type UploadFileOptions,
  UploadPartError,
  type UploadProgress,
  type UploadResumeState,
  uploadFile,
} from '../src/index.js';
import { API, useMswServer } from './support/msw.js';

const server = useMswServer();
const client = createFrameioClient({ auth: 'access-token-abc', baseUrl: API, retry: false });

const ACCOUNT = 'acc-1';
const FOLDER = 'folder-1';
const FILE_ID = 'file-1';
const STORAGE = 'https://uploads.example.com';
const SIGNATURE = 'sig-0123456789abcdef';
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 2 };

/** Part URL `n`, presigned S3-style (the signature must never show up in errors). */
function partUrl(n: number): string {
  return `${STORAGE}/up/${FILE_ID}/${n}?X-Amz-Credential=AKIA%2Fscope&X-Amz-Signature=${SIGNATURE}`;
}

function fileJson(size: number, mediaType: string | null = 'video/mp4') {
  return {
    id: FILE_ID,
    name: 'clip.mp4',
    type: 'file',
    file_size: size,
    media_type: mediaType,
    status: 'uploaded',
    parent_id: FOLDER,
    project_id: 'project-1',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    view_url: 'https://next.frame.io/view/file-1',
  };
}

function s3Error(status: number, code: string, message: string) {
  return new HttpResponse(
    `<?xml version="1.0"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    {
      status,
      headers: { 'content-type': 'application/xml' },
    },
  );
}

interface ReceivedPart {
  number: number;
  headers: Headers;
  bytes: Uint8Array;
}

/**
 * Frame.io (create, status, show) and a storage host for the parts. `part` answers each PUT (default 200);
 * it runs after the body was read, as S3 answers once it has the bytes.
 */
function useFrameio(options: {
  size: number;
  partSize: number;
  mediaType?: string | null;
  part?: (received: ReceivedPart, attempt: number) => Response | Promise<Response>;
  status?: () => Record<string, unknown>;
}) {
  const { size, partSize } = options;
  const calls = { create: [] as { body: unknown; authorization: string | null }[], status: 0, show: 0 };
  const parts: ReceivedPart[] = [];
  const attempts = new Map<number, number>();
  const urls = Array.from({ length: Math.ceil(size / partSize) }, (_, index) => ({
    size: Math.min(partSize, size - index * partSize),
    url: partUrl(index + 1),
  }));
  server.use(
    http.post(`${API}/v4/accounts/${ACCOUNT}/folders/${FOLDER}/files/local_upload`, async ({ request }) => {
      calls.create.push({ body: await request.json(), authorization: request.headers.get('authorization') });
      const mediaType = options.mediaType === undefined ? 'video/mp4' : options.mediaType;
      return HttpResponse.json(
        { data: { ...fileJson(size, mediaType), upload_urls: urls } },
        { status: 201 },
      );
    }),
    http.put(`${STORAGE}/up/${FILE_ID}/:n`, async ({ request, params }) => {
      const number = Number(params.n);
      const attempt = (attempts.get(number) ?? 0) + 1;
      attempts.set(number, attempt);
      const received = {
        number,
        headers: request.headers,
        bytes: new Uint8Array(await request.arrayBuffer()),
      };
      parts.push(received);
      return (
        (await options.part?.(received, attempt)) ??
        new HttpResponse(null, { status: 200, headers: { etag: '"e"' } })
      );
    }),
    http.get(`${API}/v4/accounts/${ACCOUNT}/files/${FILE_ID}/status`, () => {
      calls.status += 1;
      const status = options.status?.() ?? { upload_complete: true, upload_failed: false };
      return HttpResponse.json({
        data: { id: FILE_ID, filetype: 'video/mp4', uploaded_at: null, upload_completed_at: null, ...status },
      });
    }),
    http.get(`${API}/v4/accounts/${ACCOUNT}/files/${FILE_ID}`, () => {
      calls.show += 1;
      return HttpResponse.json({ data: fileJson(size) });
    }),
  );
  return { calls, parts, attempts, urls };
}

function bytesOf(size: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: size }, (_, index) => (index * 7 + 3) & 0xff);
}

/** A custom source whose parts are streams of `chunk`-byte pieces (so progress moves within a part). */
function streamingSource(bytes: Uint8Array<ArrayBuffer>, chunk: number) {
  return {
    size: bytes.byteLength,
    slice(start: number, end: number) {
      let position = start;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (position >= end) return controller.close();
          controller.enqueue(bytes.slice(position, Math.min(end, position + chunk)));
          position += chunk;
        },
      });
    },
  };
}

function base(
  source: UploadFileOptions['source'],
  extra: Partial<UploadFileOptions> = {},
): UploadFileOptions {
  return {
    accountId: ACCOUNT,
    folderId: FOLDER,
    source,
    name: 'clip.mp4',
    retry: FAST_RETRY,
    ...extra,
  } as UploadFileOptions;
}

describe('uploadFile', () => {
  it('creates the file, then PUTs each exact byte range with the signed headers and no Authorization', async () => {
    const bytes = bytesOf(2_500);
    const frameio = useFrameio({ size: 2_500, partSize: 1_000 });
    const file = await uploadFile(client, base(new Blob([bytes])));

    expect(file).toMatchObject({ id: FILE_ID, file_size: 2_500 });
    expect(frameio.calls.create).toEqual([
      { body: { data: { name: 'clip.mp4', file_size: 2_500 } }, authorization: 'Bearer access-token-abc' },
    ]);
    const byNumber = [...frameio.parts].sort((a, b) => a.number - b.number);
    expect(byNumber.map((part) => part.number)).toEqual([1, 2, 3]);
    byNumber.forEach((part, index) => {
      expect(part.bytes).toEqual(bytes.slice(index * 1_000, index * 1_000 + 1_000));
      expect(part.headers.get('x-amz-acl')).toBe('private');
      expect(part.headers.get('content-type')).toBe('video/mp4');
      expect(part.headers.get('authorization')).toBeNull();
    });
    expect(frameio.calls).toMatchObject({ status: 1, show: 1 });
  });

  it('streams a custom source part by part with an exact Content-Length', async () => {
    const bytes = bytesOf(10_000);
    const frameio = useFrameio({ size: 10_000, partSize: 4_096 });
    await uploadFile(client, base(streamingSource(bytes, 1_000)));
    const byNumber = [...frameio.parts].sort((a, b) => a.number - b.number);
    expect(byNumber.map((part) => part.headers.get('content-length'))).toEqual(['4096', '4096', '1808']);
    expect(Buffer.concat(byNumber.map((part) => part.bytes))).toEqual(Buffer.from(bytes));
  });

  it('a 403 is not retried: UploadPartError with the part, status, S3 code and resume state, no signature', async () => {
    const frameio = useFrameio({
      size: 3_000,
      partSize: 1_000,
      part: ({ number }) =>
        number === 2
          ? s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match')
          : (undefined as never),
    });
    const error = await uploadFile(client, base(new Blob([bytesOf(3_000)]), { concurrency: 1 })).catch(
      (failure: unknown) => failure,
    );

    expect(error).toBeInstanceOf(UploadPartError);
    const partError = error as UploadPartError;
    expect(partError).toMatchObject({
      partNumber: 2,
      status: 403,
      code: 'SignatureDoesNotMatch',
      attempts: 1,
    });
    expect(partError.message).toContain('x-amz-acl: private');
    expect(partError.message).toContain('Content-Type: video/mp4');
    expect(frameio.attempts.get(2)).toBe(1);
    expect(frameio.attempts.has(3)).toBe(false);
    expect(partError.resumeState).toMatchObject({ fileId: FILE_ID, completedParts: [1] });
    // The resume state needs the URLs, but the error must not print them.
    expect(partError.resumeState?.uploadUrls[1]?.url).toContain(SIGNATURE);
    for (const text of [
      partError.message,
      JSON.stringify(partError),
      inspect(partError),
      String(partError),
    ]) {
      expect(text).not.toContain(SIGNATURE);
    }
  });

  it('retries network errors, 429 and 5xx with a bound, then fails with what to do', async () => {
    const outcomes = [() => HttpResponse.error(), () => s3Error(429, 'SlowDown', 'Reduce your request rate')];
    const frameio = useFrameio({
      size: 2_000,
      partSize: 1_000,
      part: ({ number }, attempt) => {
        if (number === 1) return outcomes[attempt - 1]?.() ?? (undefined as never);
        return s3Error(503, 'ServiceUnavailable', 'Please reduce your request rate');
      },
    });
    const attemptsPerPart = new Map<number, number>();
    const error = await uploadFile(
      client,
      base(new Blob([bytesOf(2_000)]), {
        concurrency: 1,
        retry: { ...FAST_RETRY, maxRetries: 3 },
        onPartComplete: ({ partNumber, attempts }) => attemptsPerPart.set(partNumber, attempts),
      }),
    ).catch((failure: unknown) => failure);

    expect(attemptsPerPart.get(1)).toBe(3);
    expect(error).toBeInstanceOf(UploadPartError);
    expect(error).toMatchObject({ partNumber: 2, status: 503, code: 'ServiceUnavailable', attempts: 4 });
    expect(frameio.attempts.get(2)).toBe(4);
    expect((error as Error).message).toContain('resume: error.resumeState');
    expect((error as UploadPartError).resumeState?.completedParts).toEqual([1]);
  });

  it('progress never goes back and never counts the bytes of a failed attempt twice', async () => {
    const bytes = bytesOf(8_000);
    useFrameio({
      size: 8_000,
      partSize: 4_000,
      part: ({ number }, attempt) =>
        number === 1 && attempt === 1
          ? s3Error(500, 'InternalError', 'We encountered an internal error')
          : (undefined as never),
    });
    const events: UploadProgress[] = [];
    await uploadFile(
      client,
      base(streamingSource(bytes, 500), { concurrency: 1, onProgress: (p) => events.push({ ...p }) }),
    );

    for (let index = 1; index < events.length; index++) {
      expect(events[index]?.bytesSent).toBeGreaterThanOrEqual(events[index - 1]?.bytesSent ?? 0);
    }
    // One part at a time: the count can never be ahead of the completed parts plus the one being sent. Counting
    // the retried part's bytes twice would report all 8 000 bytes before part 2 was sent.
    for (const event of events)
      expect(event.bytesSent).toBeLessThanOrEqual((event.partsCompleted + 1) * 4_000);
    expect(events.some((event) => event.bytesSent > 0 && event.bytesSent < 4_000)).toBe(true);
    expect(events.at(-1)).toMatchObject({
      bytesSent: 8_000,
      totalBytes: 8_000,
      partsCompleted: 2,
      partsTotal: 2,
    });
  });

  it('sends the media type Frame.io returns; without one, the mediaType option, else the Blob type', async () => {
    let frameio = useFrameio({ size: 10, partSize: 10, mediaType: null });
    await uploadFile(
      client,
      base(new Blob([bytesOf(10)], { type: 'image/png' }), { mediaType: 'image/x-custom' }),
    );
    expect(frameio.parts[0]?.headers.get('content-type')).toBe('image/x-custom');

    server.resetHandlers();
    frameio = useFrameio({ size: 10, partSize: 10, mediaType: null });
    await uploadFile(client, base(new Blob([bytesOf(10)], { type: 'image/png' })));
    expect(frameio.parts[0]?.headers.get('content-type')).toBe('image/png');

    server.resetHandlers();
    frameio = useFrameio({ size: 10, partSize: 10, mediaType: 'video/quicktime' });
    await uploadFile(
      client,
      base(new Blob([bytesOf(10)], { type: 'image/png' }), { mediaType: 'image/x-custom' }),
    );
    expect(frameio.parts[0]?.headers.get('content-type')).toBe('video/quicktime');
  });

  it('waits for upload_complete (bounded by the injected clock) and reports upload_failed', async () => {
    const answers = [false, false, true];
    let frameio = useFrameio({
      size: 10,
      partSize: 10,
      status: () => ({ upload_complete: answers.shift() ?? true, upload_failed: false }),
    });
    await uploadFile(client, base(new Blob([bytesOf(10)]), { waitForUpload: { intervalMs: 1 } }));
    expect(frameio.calls.status).toBe(3);

    server.resetHandlers();
    useFrameio({ size: 10, partSize: 10, status: () => ({ upload_complete: false, upload_failed: true }) });
    const failed = await uploadFile(client, base(new Blob([bytesOf(10)]))).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(UploadError);
    expect((failed as UploadError).message).toContain('reports the upload failed');

    server.resetHandlers();
    frameio = useFrameio({
      size: 10,
      partSize: 10,
      status: () => ({ upload_complete: false, upload_failed: false }),
    });
    let clock = 0;
    const timedOut = await uploadFile(
      client,
      base(new Blob([bytesOf(10)]), {
        waitForUpload: { timeoutMs: 10_000, intervalMs: 1 },
        // Every reading of the clock moves it 1 s: the deadline passes after about ten checks.
        now: () => (clock += 1_000),
      }),
    ).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(UploadError);
    expect((timedOut as UploadError).message).toContain('waitForUpload.timeoutMs');
    expect(frameio.calls.status).toBeLessThanOrEqual(10);
    expect(frameio.calls.show).toBe(0);
  });

  it('skips the status check with waitForUpload: false', async () => {
    const frameio = useFrameio({ size: 10, partSize: 10 });
    await uploadFile(client, base(new Blob([bytesOf(10)]), { waitForUpload: false }));
    expect(frameio.calls).toMatchObject({ status: 0, show: 1 });
  });

  it('resume sends only the missing parts and creates nothing', async () => {
    const bytes = bytesOf(3_000);
    const frameio = useFrameio({ size: 3_000, partSize: 1_000 });
    const state: UploadResumeState = {
      version: 1,
      accountId: ACCOUNT,
      fileId: FILE_ID,
      name: 'clip.mp4',
      totalBytes: 3_000,
      mediaType: 'video/mp4',
      partSize: 1_000,
      uploadUrls: frameio.urls,
      completedParts: [1, 3],
    };
    await uploadFile(client, {
      accountId: ACCOUNT,
      source: new Blob([bytes]),
      resume: state,
      retry: FAST_RETRY,
    });
    expect(frameio.calls.create).toEqual([]);
    expect(frameio.parts.map((part) => part.number)).toEqual([2]);
    expect(frameio.parts[0]?.bytes).toEqual(bytes.slice(1_000, 2_000));

    const wrongSize = await uploadFile(client, {
      accountId: ACCOUNT,
      source: new Blob([bytesOf(2_999)]),
      resume: state,
    }).catch((error: unknown) => error);
    expect(wrongSize).toBeInstanceOf(UploadError);
    expect((wrongSize as Error).message).toContain('the source is 2999 bytes');

    const broken = await uploadFile(client, {
      accountId: ACCOUNT,
      source: new Blob([bytes]),
      resume: { ...state, completedParts: [7] },
    }).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(TypeError);
  });

  it('a stream shorter than its size fails with an UploadError, and nothing is retried', async () => {
    const frameio = useFrameio({ size: 3_000, partSize: 1_000 });
    const stream = new Blob([bytesOf(2_500)]).stream();
    // One part at a time, so parts 1 and 2 are acknowledged before part 3 is read.
    const error = await uploadFile(client, base({ stream, size: 3_000 }, { concurrency: 1 })).catch(
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(UploadError);
    expect((error as Error).message).toContain('ended after 2500 bytes');
    expect((error as UploadError).resumeState?.completedParts).toEqual([1, 2]);
    expect(frameio.parts.map((part) => part.number).sort()).toEqual([1, 2]);
  });

  it('aborting before the start rejects with UploadAbortedError and sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await uploadFile(
      client,
      base(new Blob([bytesOf(10)]), { signal: controller.signal }),
    ).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(UploadAbortedError);
    expect((error as UploadAbortedError).resumeState).toBeUndefined();
    expect((error as Error).message).toContain('start again');
  });

  it('an abort stops every part in flight at once and rejects with the resume state', async () => {
    const seenAbort: number[] = [];
    useFrameio({ size: 4_000, partSize: 1_000 });
    server.use(
      // Part 1 succeeds; parts 2-4 hang until their request is aborted.
      http.put(`${STORAGE}/up/${FILE_ID}/:n`, async ({ request, params }) => {
        const number = Number(params.n);
        if (number === 1) return new HttpResponse(null, { status: 200 });
        await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }));
        seenAbort.push(number);
        return HttpResponse.error();
      }),
    );
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    const error = await uploadFile(
      client,
      base(new Blob([bytesOf(4_000)]), {
        signal: controller.signal,
        onPartComplete: () => setTimeout(() => controller.abort(reason), 20),
      }),
    ).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(UploadAbortedError);
    expect((error as UploadAbortedError).reason).toBe(reason);
    expect((error as UploadAbortedError).resumeState?.completedParts).toEqual([1]);
    expect(seenAbort.sort()).toEqual([2, 3, 4]);
  });

  it('a failed create is a FrameioApiError; invalid options say what to pass', async () => {
    server.use(
      http.post(`${API}/v4/accounts/${ACCOUNT}/folders/${FOLDER}/files/local_upload`, () =>
        HttpResponse.json({ errors: [{ detail: 'Folder not found' }] }, { status: 404 }),
      ),
    );
    await expect(uploadFile(client, base(new Blob([bytesOf(10)])))).rejects.toBeInstanceOf(FrameioApiError);

    await expect(uploadFile(client, base(new Blob([bytesOf(10)]), { concurrency: 0 }))).rejects.toThrow(
      /concurrency must be an integer from 1/,
    );
    await expect(
      uploadFile(client, { accountId: ACCOUNT, source: new Blob([bytesOf(10)]), name: 'a' } as never),
    ).rejects.toThrow(/folderId \(or resume\) is required/);
    await expect(uploadFile(client, base(new Blob([bytesOf(10)]), { name: undefined }))).rejects.toThrow(
      /name is required/,
    );
    await expect(uploadFile(client, base('/tmp/clip.mp4' as never))).rejects.toThrow(
      /@frameio-v4\/api\/node/,
    );
  });

  it('a callback that throws stops the upload and rejects with its error', async () => {
    useFrameio({ size: 3_000, partSize: 1_000 });
    const bug = new Error('progress bar crashed');
    const error = await uploadFile(
      client,
      base(new Blob([bytesOf(3_000)]), {
        onPartComplete: () => {
          throw bug;
        },
      }),
    ).catch((failure: unknown) => failure);
    expect(error).toBe(bug);
  });
});
