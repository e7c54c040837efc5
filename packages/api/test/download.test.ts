import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createFrameioClient,
  DownloadError,
  type DownloadProgress,
  downloadFile,
  FrameioApiError,
} from '../src/index.js';
import { API, useMswServer } from './support/msw.js';

const server = useMswServer();
const client = createFrameioClient({ auth: 'access-token-abc', baseUrl: API, retry: false });

const ACCOUNT = 'acc-1';
const FILE_ID = 'file-1';
const CDN = 'https://assets.example.com';
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 2 };
const BYTES = Uint8Array.from({ length: 50_000 }, (_, index) => (index * 13 + 1) & 0xff);

function fileJson(downloadUrl: string | null, status = 'transcoded') {
  return {
    id: FILE_ID,
    name: 'clip.mp4',
    type: 'file',
    file_size: BYTES.byteLength,
    media_type: 'video/mp4',
    status,
    media_links: { original: { download_url: downloadUrl, inline_url: downloadUrl } },
  };
}

/** files.show with `include=media_links.original`, pointing at `links[n]` on the n-th call. */
function useShow(links: (string | null)[], status?: string) {
  const calls: string[] = [];
  server.use(
    http.get(`${API}/v4/accounts/${ACCOUNT}/files/${FILE_ID}`, ({ request }) => {
      calls.push(new URL(request.url).searchParams.get('include') ?? '');
      return HttpResponse.json({
        data: fileJson(links[Math.min(calls.length, links.length) - 1] ?? null, status),
      });
    }),
  );
  return calls;
}

/** A WritableStream that keeps what it gets, and whether it was closed or aborted. */
function memorySink() {
  const chunks: Uint8Array[] = [];
  const sink = { closed: false, aborted: undefined as unknown, chunks };
  const stream = new WritableStream<Uint8Array>({
    write(chunk) {
      chunks.push(chunk.slice());
    },
    close() {
      sink.closed = true;
    },
    abort(reason) {
      sink.aborted = reason ?? 'aborted';
    },
  });
  return { sink, stream, bytes: () => new Uint8Array(Buffer.concat(chunks)) };
}

/** A body that sends `bytes` in 5 000-byte chunks, then fails with a network error after `cutAt` bytes. */
function bodyCutAt(bytes: Uint8Array, cutAt: number): ReadableStream<Uint8Array> {
  let position = 0;
  return new ReadableStream({
    pull(controller) {
      if (position >= cutAt) {
        controller.error(new TypeError('terminated'));
        return;
      }
      const end = Math.min(cutAt, position + 5_000);
      controller.enqueue(bytes.slice(position, end));
      position = end;
    },
  });
}

describe('downloadFile', () => {
  it('streams the original into the WritableStream with progress, sending no credentials to the media URL', async () => {
    const show = useShow([`${CDN}/original?Signature=abc`]);
    const mediaHeaders: Headers[] = [];
    server.use(
      http.get(`${CDN}/original`, ({ request }) => {
        mediaHeaders.push(request.headers);
        return new HttpResponse(BYTES.slice(), { headers: { 'content-length': String(BYTES.byteLength) } });
      }),
    );
    const { sink, stream, bytes } = memorySink();
    const events: DownloadProgress[] = [];
    const result = await downloadFile(client, {
      accountId: ACCOUNT,
      fileId: FILE_ID,
      to: stream,
      onProgress: (progress) => events.push(progress),
    });

    expect(show).toEqual(['media_links.original']);
    expect(mediaHeaders[0]?.get('authorization')).toBeNull();
    expect(result).toMatchObject({ bytes: BYTES.byteLength, file: { id: FILE_ID } });
    expect(bytes()).toEqual(BYTES);
    expect(sink.closed).toBe(true);
    expect(events[0]).toEqual({ bytesReceived: 0, totalBytes: BYTES.byteLength });
    expect(events.at(-1)).toEqual({ bytesReceived: BYTES.byteLength, totalBytes: BYTES.byteLength });
  });

  it('a transfer cut mid-way continues with a Range request from the last byte written', async () => {
    useShow([`${CDN}/original`]);
    const ranges: (string | null)[] = [];
    server.use(
      http.get(`${CDN}/original`, ({ request }) => {
        const range = request.headers.get('range');
        ranges.push(range);
        if (range === null) return new HttpResponse(bodyCutAt(BYTES, 20_000));
        const start = Number(/^bytes=(\d+)-$/.exec(range)?.[1]);
        return new HttpResponse(BYTES.slice(start), {
          status: 206,
          headers: { 'content-range': `bytes ${start}-${BYTES.byteLength - 1}/${BYTES.byteLength}` },
        });
      }),
    );
    const { stream, bytes } = memorySink();
    await downloadFile(client, { accountId: ACCOUNT, fileId: FILE_ID, to: stream, retry: FAST_RETRY });
    // It continues where the written bytes end (chunks queued when the cut came may be lost, never duplicated).
    expect(ranges).toHaveLength(2);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(ranges[1] ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(20_000);
    expect(bytes()).toEqual(BYTES);
  });

  it('when the server ignores Range, the bytes already written are skipped, not written twice', async () => {
    useShow([`${CDN}/original`]);
    let requests = 0;
    server.use(
      http.get(`${CDN}/original`, () => {
        requests += 1;
        return new HttpResponse(requests === 1 ? bodyCutAt(BYTES, 15_000) : BYTES.slice());
      }),
    );
    const { stream, bytes } = memorySink();
    const events: number[] = [];
    await downloadFile(client, {
      accountId: ACCOUNT,
      fileId: FILE_ID,
      to: stream,
      retry: FAST_RETRY,
      onProgress: ({ bytesReceived }) => events.push(bytesReceived),
    });
    expect(bytes()).toEqual(BYTES);
    expect(events).toEqual([...events].sort((a, b) => a - b));
    expect(events.at(-1)).toBe(BYTES.byteLength);
  });

  it('no download permission (403 on files.show) is a DownloadError "forbidden" that says what to do', async () => {
    server.use(
      http.get(`${API}/v4/accounts/${ACCOUNT}/files/${FILE_ID}`, () =>
        HttpResponse.json({ errors: [{ detail: 'Forbidden' }] }, { status: 403 }),
      ),
    );
    const { sink, stream } = memorySink();
    const error = await downloadFile(client, { accountId: ACCOUNT, fileId: FILE_ID, to: stream }).catch(
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ code: 'forbidden', fileId: FILE_ID, status: 403 });
    expect((error as Error).message).toContain('download permission');
    expect((error as Error).cause).toBeInstanceOf(FrameioApiError);
    expect(sink.aborted).toBeDefined();
  });

  it('a null original link is a DownloadError "not_available" whose advice depends on the file status', async () => {
    useShow([null], 'created');
    const created = await downloadFile(client, {
      accountId: ACCOUNT,
      fileId: FILE_ID,
      to: memorySink().stream,
    }).catch((failure: unknown) => failure);
    expect(created).toMatchObject({ code: 'not_available' });
    expect((created as Error).message).toContain('upload is not complete');

    server.resetHandlers();
    useShow([null], 'transcoded');
    const noOriginal = await downloadFile(client, {
      accountId: ACCOUNT,
      fileId: FILE_ID,
      to: memorySink().stream,
    }).catch((failure: unknown) => failure);
    expect(noOriginal).toMatchObject({ code: 'not_available' });
    expect((noOriginal as Error).message).toContain('no original to serve');
  });

  it('an expired media link (403) is fetched again once from files.show', async () => {
    const show = useShow([`${CDN}/expired`, `${CDN}/fresh`]);
    server.use(
      http.get(
        `${CDN}/expired`,
        () => new HttpResponse('<Error><Code>AccessDenied</Code></Error>', { status: 403 }),
      ),
      http.get(`${CDN}/fresh`, () => new HttpResponse(BYTES.slice())),
    );
    const { stream, bytes } = memorySink();
    await downloadFile(client, { accountId: ACCOUNT, fileId: FILE_ID, to: stream });
    expect(show).toHaveLength(2);
    expect(bytes()).toEqual(BYTES);
  });

  it('retries are bounded: a server that keeps failing gives a DownloadError "failed"', async () => {
    useShow([`${CDN}/original`]);
    let requests = 0;
    server.use(
      http.get(`${CDN}/original`, () => {
        requests += 1;
        return new HttpResponse('<Error><Code>InternalError</Code></Error>', { status: 500 });
      }),
    );
    const { sink, stream } = memorySink();
    const error = await downloadFile(client, {
      accountId: ACCOUNT,
      fileId: FILE_ID,
      to: stream,
      retry: { ...FAST_RETRY, maxRetries: 2 },
    }).catch((failure: unknown) => failure);
    expect(requests).toBe(3);
    expect(error).toMatchObject({ code: 'failed', status: 500, attempts: 3 });
    expect((error as Error).message).toContain('InternalError');
    expect(sink.aborted).toBeDefined();
  });

  it('a progress callback that throws stops the download with its error, without a retry', async () => {
    useShow([`${CDN}/original`]);
    let requests = 0;
    server.use(
      http.get(`${CDN}/original`, () => {
        requests += 1;
        return new HttpResponse(BYTES.slice());
      }),
    );
    const bug = new Error('progress bar crashed');
    const { sink, stream } = memorySink();
    const error = await downloadFile(client, {
      accountId: ACCOUNT,
      fileId: FILE_ID,
      to: stream,
      retry: FAST_RETRY,
      onProgress: ({ bytesReceived }) => {
        if (bytesReceived > 0) throw bug;
      },
    }).catch((failure: unknown) => failure);
    expect(error).toBe(bug);
    expect(requests).toBe(1);
    expect(sink.aborted).toBe(bug);
  });

  it('an abort rejects with the signal reason and aborts the destination', async () => {
    useShow([`${CDN}/original`]);
    const controller = new AbortController();
    server.use(
      http.get(`${CDN}/original`, () => {
        let sent = false;
        // One chunk, then nothing: the transfer hangs until the abort.
        return new HttpResponse(
          new ReadableStream({
            pull(stream) {
              if (!sent) stream.enqueue(BYTES.slice(0, 1_000));
              sent = true;
            },
          }),
        );
      }),
    );
    const { sink, stream } = memorySink();
    const reason = new Error('user cancelled');
    const done = downloadFile(client, {
      accountId: ACCOUNT,
      fileId: FILE_ID,
      to: stream,
      signal: controller.signal,
      onProgress: ({ bytesReceived }) => {
        if (bytesReceived > 0) controller.abort(reason);
      },
    });
    await expect(done).rejects.toBe(reason);
    expect(sink.aborted).toBe(reason);
  });
});
