// Throughput and memory of `uploadFile` (Node entry, file path source) against raw parallel PUTs of the same
// parts, with fetch + fs.createReadStream and with node:http + createReadStream().pipe(request), on a local
// server that discards the bytes. The server runs in a child process so it neither competes for this event
// loop nor counts in its RSS, and each variant runs in a child process of its own, because RSS does not shrink
// back after a run (the allocator keeps freed memory), so variants sharing a process would share a peak. Runs
// against the BUILT package: `pnpm --filter @frameio-v4/api bench` builds first. Not a test: no assertions.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;
const FILE_SIZE = 1024 * MiB;
const PART_SIZE = 25 * MiB; // Frame.io's usual part size (and the emulator's default)
const CONCURRENCY = 4;
const ROUNDS = 10;
// The chunk sizes uploadFile reads a path with: FILE_READ_CHUNK_BYTES (the fetch path, used with a custom
// fetch) and NODE_PART_READ_CHUNK_BYTES (the node:http path) in src/upload/node-file.ts. Each raw baseline
// uses its own, so the ratio measures the helper, not a chunk size.
const FETCH_READ_CHUNK = MiB;
const HTTP_READ_CHUNK = 64 * 1024;
// Stops early rather than overrunning on a slow machine; the numbers so far are still printed.
const TIME_BUDGET_MS = 90_000;
const ACCOUNT = 'bench-account';
const FOLDER = 'bench-folder';
const FILE_ID = 'bench-file';
const MEDIA_TYPE = 'video/mp4';

if (process.argv[2] === '--server') {
  runServer();
} else if (process.argv[2] === '--variant') {
  await runVariant(process.argv[3], process.argv[4], process.argv[5]);
} else {
  await main();
}

/** The child process: answers local_upload, status and show minimally, and discards part bytes. */
function runServer() {
  let origin = '';
  const json = (response, status, body) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
  const file = (size) => ({
    id: FILE_ID,
    name: 'bench.mp4',
    type: 'file',
    file_size: size,
    media_type: MEDIA_TYPE,
    status: 'uploaded',
  });
  const server = createServer((request, response) => {
    const url = new URL(request.url, origin);
    if (request.method === 'POST' && url.pathname.endsWith('/files/local_upload')) {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => {
        const size = JSON.parse(text).data.file_size;
        const upload_urls = [];
        for (let offset = 0, n = 1; offset < size; offset += PART_SIZE, n++) {
          upload_urls.push({
            size: Math.min(PART_SIZE, size - offset),
            url: `${origin}/upload/${n}?X-Amz-Signature=bench`,
          });
        }
        json(response, 201, { data: { ...file(size), upload_urls } });
      });
      return;
    }
    if (request.method === 'PUT' && url.pathname.startsWith('/upload/')) {
      // Like S3: Content-Length is required and the body must carry exactly that many bytes.
      const expected = Number(request.headers['content-length']);
      let received = 0;
      request.on('data', (chunk) => {
        received += chunk.length;
      });
      request.on('end', () => {
        const ok =
          Number.isSafeInteger(expected) &&
          received === expected &&
          request.headers['x-amz-acl'] === 'private';
        response.writeHead(ok ? 200 : 400, { 'content-length': 0 });
        response.end();
      });
      return;
    }
    if (request.method === 'GET' && url.pathname.endsWith('/status')) {
      json(response, 200, {
        data: { id: FILE_ID, filetype: MEDIA_TYPE, upload_complete: true, upload_failed: false },
      });
      return;
    }
    if (request.method === 'GET' && url.pathname.includes('/files/')) {
      json(response, 200, { data: file(FILE_SIZE) });
      return;
    }
    response.writeHead(404, { 'content-length': 0 });
    response.end();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    origin = `http://127.0.0.1:${server.address().port}`;
    process.send?.({ origin });
  });
  process.on('disconnect', () => process.exit(0));
}

/** Writes `size` bytes of pseudo-random data (a random 16 MiB block, repeated) to a new temp file. */
async function generateFile(directory, size) {
  const path = join(directory, 'bench-1GiB.mp4');
  const block = randomBytes(16 * MiB);
  const handle = await open(path, 'w');
  try {
    for (let written = 0; written < size; written += block.length) {
      await handle.write(block, 0, Math.min(block.length, size - written));
    }
  } finally {
    await handle.close();
  }
  return path;
}

/** Samples memory every 50 ms while `run` goes; returns its duration, peak RSS and peak ArrayBuffer bytes. */
async function measure(run) {
  let peak = 0;
  let buffers = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    buffers = Math.max(buffers, usage.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, 50);
  const begin = performance.now();
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - begin;
  sample();
  return { ms, peak, buffers };
}

/** Creates the file the way uploadFile does; returns its parts. */
async function createParts(origin) {
  const created = await fetch(`${origin}/v4/accounts/${ACCOUNT}/folders/${FOLDER}/files/local_upload`, {
    method: 'POST',
    headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json' },
    body: JSON.stringify({ data: { name: 'bench.mp4', file_size: FILE_SIZE } }),
  });
  const parts = [];
  let offset = 0;
  for (const { size, url } of (await created.json()).data.upload_urls) {
    parts.push({ start: offset, size, url });
    offset += size;
  }
  return parts;
}

/** Runs `put` over the parts, CONCURRENCY at a time. */
async function putAll(parts, put) {
  let next = 0;
  const worker = async () => {
    while (next < parts.length) await put(parts[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * A child process for one variant: warms up, says 'ready', then runs one measured round per 'run' message and
 * sends each measurement back, so the parent can interleave the variants' rounds.
 */
async function runVariant(name, origin, path) {
  const headers = (size) => ({
    'x-amz-acl': 'private',
    'content-type': MEDIA_TYPE,
    'content-length': String(size),
  });
  const variants = {
    // The same work by hand: create, then the same parallel PUTs, each a fresh fs.createReadStream range.
    'raw fetch + createReadStream': async () =>
      putAll(await createParts(origin), async ({ start, size, url }) => {
        const response = await fetch(url, {
          method: 'PUT',
          headers: headers(size),
          body: createReadStream(path, { start, end: start + size - 1, highWaterMark: FETCH_READ_CHUNK }),
          duplex: 'half',
        });
        if (!response.ok) throw new Error(`raw PUT: HTTP ${response.status}`);
        await response.arrayBuffer();
      }),
    'raw node:http + pipe': async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      try {
        await putAll(await createParts(origin), ({ start, size, url }) => {
          return new Promise((resolve, reject) => {
            const request = httpRequest(url, { method: 'PUT', headers: headers(size), agent }, (response) => {
              response.resume();
              response.on('end', () =>
                response.statusCode === 200
                  ? resolve()
                  : reject(new Error(`raw PUT: HTTP ${response.statusCode}`)),
              );
            });
            request.on('error', reject);
            createReadStream(path, { start, end: start + size - 1, highWaterMark: HTTP_READ_CHUNK }).pipe(
              request,
            );
          });
        });
      } finally {
        agent.destroy();
      }
    },
    'uploadFile (path source)': async () => {
      const { createFrameioClient } = await import('../dist/index.js');
      const { uploadFile } = await import('../dist/node.js');
      const client = createFrameioClient({ auth: 'bench-token', baseUrl: origin });
      await uploadFile(client, {
        accountId: ACCOUNT,
        folderId: FOLDER,
        source: path,
        concurrency: CONCURRENCY,
      });
    },
  };
  const run = variants[name];
  // Warm-up: page cache, connections, JIT.
  await run();
  process.on('message', async (message) => {
    if (message === 'run') process.send?.(await measure(run));
    else process.exit(0);
  });
  process.send?.('ready');
}

/** Starts a variant's process and waits until it has warmed up; `round()` measures one run in it. */
async function startVariant(name, origin, path) {
  const worker = fork(fileURLToPath(import.meta.url), ['--variant', name, origin, path], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`bench variant "${name}" exited with ${code}`));
      worker.once('exit', onExit);
      worker.once('message', (message) => {
        worker.off('exit', onExit);
        resolve(message);
      });
    });
  await next();
  return {
    round: () => {
      const measured = next();
      worker.send('run');
      return measured;
    },
    stop: () => worker.kill(),
  };
}

async function main() {
  const names = ['raw fetch + createReadStream', 'raw node:http + pipe', 'uploadFile (path source)'];
  const child = fork(fileURLToPath(import.meta.url), ['--server'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const directory = await mkdtemp(join(tmpdir(), 'frameio-upload-bench-'));
  try {
    const { origin } = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
    const path = await generateFile(directory, FILE_SIZE);

    // Every variant keeps a process of its own (RSS does not shrink back after a run), and the rounds are
    // interleaved, in an order that rotates, so drift in the machine's speed reaches every variant alike.
    const workers = {};
    for (const name of names) workers[name] = await startVariant(name, origin, path);
    const results = Object.fromEntries(names.map((name) => [name, []]));
    const roundRatios = [];
    const benchStart = performance.now();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        if (round > 0 && performance.now() - benchStart > TIME_BUDGET_MS) break;
        const order = names.map((_, index) => names[(index + round) % names.length]);
        for (const name of order) results[name].push(await workers[name].round());
        const last = (name) => results[name][round].ms;
        roundRatios.push(last('raw node:http + pipe') / last('uploadFile (path source)'));
      }
    } finally {
      for (const worker of Object.values(workers)) worker.stop();
    }

    const throughput = (runs) =>
      (runs.length * FILE_SIZE) / MiB / (runs.reduce((sum, run) => sum + run.ms, 0) / 1000);
    const peak = (runs) => Math.max(...runs.map((run) => run.peak)) / MiB;
    const buffers = (runs) => Math.max(...runs.map((run) => run.buffers)) / MiB;
    const helper = results['uploadFile (path source)'];
    const baseline = results['raw node:http + pipe'];
    const ratio = throughput(helper) / throughput(baseline);
    const bound = (CONCURRENCY * PART_SIZE) / MiB + 64;
    const fmt = (value) => value.toFixed(0).padStart(6);
    console.log(
      `\nupload of ${FILE_SIZE / MiB} MiB, ${PART_SIZE / MiB} MiB parts, concurrency ${CONCURRENCY}, ` +
        `${helper.length} interleaved round(s), each variant in its own process, local server in a child process`,
    );
    for (const name of names) {
      const runs = results[name];
      console.log(
        `  ${name.padEnd(30)}${fmt(throughput(runs))} MiB/s   peak RSS ${fmt(peak(runs))} MiB   ` +
          `peak ArrayBuffers ${fmt(buffers(runs))} MiB`,
      );
    }
    const sorted = [...roundRatios].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    // The verdict uses the median of the per-round ratios: each round runs both variants back to back, so a
    // burst of load from elsewhere on the machine moves one round, not the result.
    console.log(
      `  ratio uploadFile / raw node:http: median per round ${median.toFixed(2)}, of totals ${ratio.toFixed(2)}` +
        `   (target >= 0.90) ${median >= 0.9 ? 'ok' : 'BELOW TARGET'}`,
    );
    console.log(
      `  peak RSS bound                  ${fmt(bound)} MiB (concurrency x part size + 64 MiB) ` +
        `${peak(helper) <= bound ? 'ok' : 'ABOVE BOUND'}`,
    );
    console.log(
      '  (ArrayBuffers include garbage not yet collected; RSS also holds memory the allocator keeps after a GC.)',
    );
  } finally {
    child.disconnect?.();
    child.kill();
    await rm(directory, { recursive: true, force: true });
  }
}
