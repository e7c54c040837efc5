#!/usr/bin/env node
/**
 * `frameio-mock`: runs the Frame.io V4 + Adobe IMS emulator as an HTTP server and prints what a client needs
 * to talk to it (base URLs, demo credentials, seeded ids). Stops cleanly on SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util';
import type { RateLimitOptions } from './api/rate-limit.js';
import { type MockServer, startMockServer } from './server.js';

const USAGE = `Usage: frameio-mock [--port 8787] [--host 127.0.0.1] [--rate-limit 10/60000] [--upload-part-size BYTES] [--json]

Runs the Frame.io V4 API and Adobe IMS emulator (@frameio-v4/mock) on one http origin.

  --port, -p           TCP port (default 8787; 0 picks a free one)
  --host               interface to bind (default 127.0.0.1; 0.0.0.0 exposes it to your network)
  --rate-limit         enforce a leaky bucket of LIMIT requests per WINDOW ms per token and route
  --upload-part-size   size of upload parts in bytes (default 25 MiB)
  --json               print the details as one JSON line instead of text
  --help, -h           show this help`;

class UsageError extends Error {}

function integerOption(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got '${value}'.`);
  }
  return number;
}

function rateLimitOption(value: string | undefined): RateLimitOptions | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new UsageError(
      `--rate-limit must be LIMIT/WINDOW_MS with both >= 1, e.g. 10/60000; got '${value}'.`,
    );
  }
  return { limit: Number(match[1]), windowMs: Number(match[2]) };
}

function readArguments(argv: string[]) {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'rate-limit': { type: 'string' },
        'upload-part-size': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  return {
    help: values.help === true,
    json: values.json === true,
    port: integerOption('port', values.port, 8787, 0),
    host: values.host ?? '127.0.0.1',
    rateLimit: rateLimitOption(values['rate-limit']),
    uploadPartSize: integerOption('upload-part-size', values['upload-part-size'], 25 * 1024 * 1024, 1),
  };
}

/** Everything the server's users need: printed as text or JSON. The credentials are the emulator's fakes. */
function details(server: MockServer) {
  const { serverToServer, webApp, spa, native, legacyToken } = server.mock.credentials;
  return {
    apiBaseUrl: server.apiBaseUrl,
    imsBaseUrl: server.imsBaseUrl,
    credentials: {
      serverToServer: {
        clientId: serverToServer.clientId,
        clientSecret: serverToServer.clientSecret,
        scopes: serverToServer.scopes,
      },
      webApp: { clientId: webApp.clientId, clientSecret: webApp.clientSecret, scopes: webApp.scopes },
      spa: { clientId: spa.clientId, scopes: spa.scopes },
      native: { clientId: native.clientId, redirectUri: native.redirectUri, scopes: native.scopes },
      legacyToken,
    },
    users: [...server.mock.state.users.values()].map((user) => ({ id: user.id, email: user.email })),
    seedIds: server.mock.seedIds,
  };
}

function describeText(info: ReturnType<typeof details>): string {
  const { credentials: c } = info;
  const pad = (text: string, width: number) => text.padEnd(width);
  const seedLines = Object.entries(info.seedIds).map(([name, id]) => `  ${pad(name, 22)}${id}`);
  return [
    'Frame.io V4 emulator (@frameio-v4/mock) is running.',
    '',
    `API base URL: ${info.apiBaseUrl}`,
    `IMS base URL: ${info.imsBaseUrl}`,
    `  try: GET ${info.apiBaseUrl}/v4/me · token endpoint: POST ${info.imsBaseUrl}/ims/token/v3`,
    '',
    'Demo credentials (fake values, accepted only by this emulator):',
    `  server-to-server   client_id=${c.serverToServer.clientId}  client_secret=${c.serverToServer.clientSecret}  scope=${c.serverToServer.scopes.join(',')}`,
    `  web app            client_id=${c.webApp.clientId}  client_secret=${c.webApp.clientSecret}  redirect_uri: any https:// or http://localhost|127.0.0.1:PORT`,
    `  SPA (PKCE)         client_id=${c.spa.clientId}  redirect_uri: any https:// or http://localhost|127.0.0.1:PORT`,
    `  native app (PKCE)  client_id=${c.native.clientId}  redirect_uri=${c.native.redirectUri}`,
    `  legacy dev token   ${c.legacyToken}  (send it with x-frameio-legacy-token-auth: true)`,
    `Users: ${info.users.map((user, index) => `${user.email}${index === 0 ? ' (signs in by default)' : ''}`).join(', ')}`,
    '',
    'Seeded ids:',
    ...seedLines,
    '',
    `Quick start: curl -s ${info.imsBaseUrl}/ims/token/v3 -d grant_type=client_credentials -d client_id=${c.serverToServer.clientId} -d client_secret=${c.serverToServer.clientSecret} -d scope=${c.serverToServer.scopes.join(',')}`,
    'Press Ctrl+C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  let options: ReturnType<typeof readArguments>;
  try {
    options = readArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`frameio-mock: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let server: MockServer;
  try {
    server = await startMockServer({
      port: options.port,
      host: options.host,
      uploadPartSize: options.uploadPartSize,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'EADDRINUSE'
        ? `port ${options.port} on ${options.host} is in use. Pass another --port (0 picks a free one).`
        : code === 'EADDRNOTAVAIL'
          ? `cannot bind ${options.host}: it is not an address of this machine. Use --host 127.0.0.1.`
          : `could not start: ${(error as Error).message}`;
    process.stderr.write(`frameio-mock: ${message}\n`);
    process.exitCode = 1;
    return;
  }

  const info = details(server);
  process.stdout.write(`${options.json ? JSON.stringify(info) : describeText(info)}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (!options.json) process.stdout.write(`\nReceived ${signal}, stopping.\n`);
    server.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`frameio-mock: error while stopping: ${(error as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
