import { Agent, request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { http } from 'msw';
import { afterEach, describe, expect, test } from 'vitest';
import { type MockServer, startMockServer } from '../src/node.js';
import { testBytes } from './resources-support.js';
import { authorize, basic, getMe, parseConsentForm, pkcePair, postForm, redirectParams } from './support.js';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const server = await startMockServer(options);
  servers.push(server);
  return server;
}

interface AgentReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Whether the request went over a connection an earlier request had used (keep-alive). */
  reusedSocket: boolean;
}

/** One request through a given `node:http` agent, so tests control connection reuse. */
function agentRequest(
  agent: Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {},
): Promise<AgentReply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent, method: options.method ?? 'GET', headers: options.headers });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
          reusedSocket: request.reusedSocket,
        }),
      );
    });
    request.end(options.body);
  });
}

/** Creates a file with `local_upload` over HTTP and returns its id and part URLs. */
async function createUpload(server: MockServer, token: string, name: string, size: number) {
  const reply = await fetch(
    `${server.apiBaseUrl}/v4/accounts/${server.mock.seedIds.accountId}/folders/${server.mock.seedIds.archiveRootFolderId}/files/local_upload`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { name, file_size: size } }),
    },
  );
  expect(reply.status).toBe(201);
  const { data } = await reply.json();
  return data as { id: string; upload_urls: { size: number; url: string }[] };
}

/** Sends raw bytes and returns whatever the server answers before closing. */
function rawRequest(url: string, payload: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(payload));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      received += chunk;
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('startMockServer', () => {
  test('serves IMS and the API on one origin: PKCE sign-in, refresh, /v4/me, revoke', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.mock.imsBaseUrl).toBe(server.url);
    expect(server.mock.apiBaseUrl).toBe(server.url);

    const { verifier, challenge } = await pkcePair();
    const spa = server.mock.credentials.spa;
    const params = redirectParams(
      await authorize(server.imsBaseUrl, {
        client_id: spa.clientId,
        redirect_uri: 'http://localhost:8080/callback',
        scope: 'openid AdobeID offline_access',
        state: 'net',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(params.get('state')).toBe('net');
    const tokens = await postForm(server.imsBaseUrl, {
      grant_type: 'authorization_code',
      code: params.get('code') as string,
      redirect_uri: 'http://localhost:8080/callback',
      client_id: spa.clientId,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);

    const refreshed = await postForm(server.imsBaseUrl, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
      client_id: spa.clientId,
    });
    expect(refreshed.status).toBe(200);

    const me = await getMe(server, refreshed.body.access_token);
    expect(me.status).toBe(200);
    expect(me.headers.get('x-ratelimit-limit')).toBe('100');
    expect((await me.json()).data.email).toBe('alice@example.com');

    const revoked = await postForm(
      server.imsBaseUrl,
      { token: refreshed.body.refresh_token, client_id: spa.clientId },
      { path: '/ims/revoke' },
    );
    expect(revoked.status).toBe(200);
    expect((await getMe(server, refreshed.body.access_token)).status).toBe(401);
  });

  test('the consent page posts back to the server and redirects with code and state', async () => {
    const server = await start();
    const page = await authorize(
      server.imsBaseUrl,
      {
        client_id: server.mock.credentials.webApp.clientId,
        redirect_uri: 'http://127.0.0.1:9999/cb',
        scope: 'openid',
        state: 'st',
      },
      { accept: 'text/html' },
    );
    const { action, fields } = parseConsentForm(await page.text());
    expect(action).toBe(`${server.url}/ims/authorize/v2/consent`);
    const redirect = await fetch(action, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    const params = redirectParams(redirect);
    expect(params.get('state')).toBe('st');
    const { clientId, clientSecret } = server.mock.credentials.webApp;
    const tokens = await postForm(
      server.imsBaseUrl,
      {
        grant_type: 'authorization_code',
        code: params.get('code') as string,
        redirect_uri: 'http://127.0.0.1:9999/cb',
      },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(tokens.status).toBe(200);
  });

  test('unknown routes are 404 JSON in the V4 error shape', async () => {
    const server = await start();
    for (const path of ['/nope', '/v4/nope']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = await response.json();
      expect(body.errors[0].title).toBe('Not Found');
      expect(body.errors[0].detail).toContain(path);
    }
  });

  test('malformed requests get 4xx answers and the server keeps serving', async () => {
    const server = await start();
    const badJson = await fetch(`${server.url}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error).toBe('invalid_request');

    const hugeHeader = await rawRequest(
      server.url,
      `GET /v4/me HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    );
    expect(hugeHeader).toMatch(/^HTTP\/1\.1 431 /);

    const absoluteTarget = await rawRequest(
      server.url,
      'GET http://[bad HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(absoluteTarget).toMatch(/^HTTP\/1\.1 400 /);
    expect(absoluteTarget).toContain('"errors"');

    const garbage = await rawRequest(server.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);

    expect((await getMe(server)).status).toBe(401);
  });

  test('a handler that throws is a 500 JSON answer, not a crash', async () => {
    const server = await start();
    server.mock.handlers.unshift(
      http.get(`${server.url}/v4/boom`, () => {
        throw new Error('handler bug');
      }),
    );
    const response = await fetch(`${server.url}/v4/boom`);
    expect(response.status).toBe(500);
    expect((await response.json()).errors[0].title).toBe('Internal Server Error');
    expect((await getMe(server)).status).toBe(401);
  });

  test("a 'reset' fault destroys the connection", async () => {
    const server = await start();
    server.mock.faults.add({ match: { path: '/v4/me' }, fault: { kind: 'reset' } });
    await expect(getMe(server)).rejects.toThrow(TypeError);
    expect((await getMe(server)).status).toBe(401);
  });

  test('CORS: preflight is answered and responses allow the calling origin', async () => {
    const server = await start();
    const preflight = await fetch(`${server.url}/ims/token/v3`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');

    const me = await fetch(`${server.url}/v4/me`, { headers: { origin: 'http://localhost:5173' } });
    expect(me.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(me.headers.get('access-control-expose-headers')).toContain('x-ratelimit-remaining');
  });

  test('close() stops the server and frees the port', async () => {
    const server = await startMockServer();
    const port = Number(new URL(server.url).port);
    await server.close();
    await server.close();
    await expect(getMe(server)).rejects.toThrow(TypeError);

    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  test('a port in use rejects with the listen error', async () => {
    const server = await start();
    await expect(startMockServer({ port: Number(new URL(server.url).port) })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('startMockServer connections', () => {
  test('a status fault on a part PUT leaves the keep-alive connection usable: the retried PUT goes through', async () => {
    const server = await start({ uploadPartSize: 1024 * 1024 });
    const token = await server.mock.issueAccessToken({
      clientId: server.mock.credentials.webApp.clientId,
      scopes: 'openid,AdobeID',
    });
    // Larger than Node's and the stream bridge's buffers, so an unread body would block the socket.
    const bytes = testBytes(1024 * 1024);
    const file = await createUpload(server, token, 'part.mp4', bytes.byteLength);
    const partUrl = file.upload_urls[0]?.url as string;
    server.mock.faults.add({
      match: { method: 'PUT', path: '/_mock/uploads/*' },
      fault: { kind: 'status', status: 503, retryAfter: 0 },
    });
    // One connection: a request the server never read to the end would hold up the next one.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const put = {
        method: 'PUT',
        headers: { 'x-amz-acl': 'private', 'content-type': 'video/mp4' },
        body: bytes,
      };
      const refused = await agentRequest(agent, partUrl, put);
      expect(refused.status).toBe(503);
      const retried = await agentRequest(agent, partUrl, put);
      expect(retried.status).toBe(200);
      expect(retried.reusedSocket).toBe(true);
      expect(server.mock.uploads.get(file.id)?.complete).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  test('an unknown route answered before its body is read does not hold up the next request', async () => {
    const server = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const missing = await agentRequest(agent, `${server.url}/v4/no-such-route`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: testBytes(512 * 1024),
      });
      expect(missing.status).toBe(404);
      const me = await agentRequest(agent, `${server.url}/v4/me`);
      expect(me.status).toBe(401);
      expect(me.reusedSocket).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  test('a 30 MB download streams with backpressure and leaks no listeners (no MaxListenersExceededWarning)', async () => {
    // 1 MiB parts are served as 1 MiB chunks: each one fills the socket and waits for 'drain'.
    const server = await start({ uploadPartSize: 1024 * 1024 });
    const token = await server.mock.issueAccessToken({
      clientId: server.mock.credentials.webApp.clientId,
      scopes: 'openid,AdobeID',
    });
    const bytes = testBytes(30 * 1024 * 1024);
    const file = await createUpload(server, token, 'large.mp4', bytes.byteLength);
    let offset = 0;
    for (const part of file.upload_urls) {
      const put = await fetch(part.url, {
        method: 'PUT',
        headers: { 'x-amz-acl': 'private', 'content-type': 'video/mp4' },
        body: bytes.subarray(offset, offset + part.size),
      });
      expect(put.status).toBe(200);
      offset += part.size;
    }
    const shown = await fetch(
      `${server.apiBaseUrl}/v4/accounts/${server.mock.seedIds.accountId}/files/${file.id}?include=media_links.original`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const downloadUrl = (await shown.json()).data.media_links.original.download_url as string;

    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const download = await agentRequest(agent, downloadUrl);
      expect(download.status).toBe(200);
      expect(download.body.equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))).toBe(true);
      // Warnings are emitted on the next tick; a request after the download lets them arrive.
      expect((await agentRequest(agent, `${server.url}/v4/me`)).status).toBe(401);
    } finally {
      agent.destroy();
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });
});

test('invalid mock options reject with a message naming the option', async () => {
  await expect(startMockServer({ accessTokenTtlMs: -1 })).rejects.toThrow(
    /accessTokenTtlMs must be a positive number/,
  );
});
