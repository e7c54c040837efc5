// Throughput of `client.GET('/v4/me')` against raw fetch, on a local keep-alive server, so the cost of the
// client (openapi-fetch, auth, retry bookkeeping, JSON parsing) shows up against the same baseline. Runs
// against the BUILT package: `pnpm --filter @frameio-v4/api bench` builds first. Not a test: no assertions.
import { createServer } from 'node:http';
import { createFrameioClient } from '../dist/index.js';

const ROUNDS = 8;
const REQUESTS_PER_ROUND = 2_500;
const WARM_UP_REQUESTS = 2_000;
const CONCURRENCY = 32;
// Stops early rather than overrunning on a slow machine; the numbers so far are still printed.
const TIME_BUDGET_MS = 45_000;

const TOKEN = 'bench-token';
const BODY = JSON.stringify({
  data: { id: 'user-1', name: 'Ada Lovelace', email: 'ada@example.com', avatar_url: null },
});

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/v4/me') {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(BODY),
    });
    response.end(BODY);
    return;
  }
  response.writeHead(404, { 'content-length': 0 });
  response.end();
});
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const baseUrl = `http://127.0.0.1:${port}`;

const client = createFrameioClient({ auth: TOKEN, baseUrl });

// The same work the client does: one authenticated GET, status check, JSON body parsed.
async function rawFetchOnce() {
  const response = await fetch(`${baseUrl}/v4/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
  await response.json();
}

async function clientOnce() {
  const { data, error, response } = await client.GET('/v4/me');
  if (error !== undefined || data === undefined) throw new Error(`client: HTTP ${response.status}`);
}

/** Sends `total` requests with at most `CONCURRENCY` in flight; returns the elapsed milliseconds. */
async function run(sendOnce, total) {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started += 1;
      await sendOnce();
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, total) }, worker));
  return performance.now() - begin;
}

const totals = { client: { requests: 0, ms: 0 }, raw: { requests: 0, ms: 0 } };
const contenders = [
  ['raw', rawFetchOnce],
  ['client', clientOnce],
];
const roundRatios = [];
const benchStart = performance.now();

try {
  for (const [, sendOnce] of contenders) await run(sendOnce, WARM_UP_REQUESTS);

  for (let round = 0; round < ROUNDS; round += 1) {
    if (performance.now() - benchStart > TIME_BUDGET_MS) {
      console.log(`time budget reached after ${round} round(s)`);
      break;
    }
    // Alternate who goes first so both see the same machine conditions on average.
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    const line = [];
    const roundRates = {};
    for (const [name, sendOnce] of order) {
      const ms = await run(sendOnce, REQUESTS_PER_ROUND);
      totals[name].requests += REQUESTS_PER_ROUND;
      totals[name].ms += ms;
      roundRates[name] = (REQUESTS_PER_ROUND / ms) * 1000;
      line.push(`${name} ${Math.round(roundRates[name])} req/s`);
    }
    roundRatios.push(roundRates.client / roundRates.raw);
    console.log(`round ${round + 1}: ${line.join(', ')}`);
  }

  const rate = ({ requests, ms }) => (ms > 0 ? (requests / ms) * 1000 : 0);
  const clientRate = rate(totals.client);
  const rawRate = rate(totals.raw);
  // Each round runs both back to back, so the median of the per-round ratios shrugs off load bursts from
  // other processes better than the ratio of the totals.
  const sorted = [...roundRatios].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const medianRatio = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  console.log(
    `client ${Math.round(clientRate)} req/s, raw fetch ${Math.round(rawRate)} req/s, ratio ${(clientRate / rawRate).toFixed(2)}` +
      (sorted.length > 0 ? ` (median per-round ratio ${medianRatio.toFixed(2)}; target >= 0.95)` : ''),
  );
} finally {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
