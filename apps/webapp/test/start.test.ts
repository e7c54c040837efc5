// startWebApp: what it listens on, the URLs it derives from that, and which options it insists on together.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningWebApp, startWebApp } from '../src/app.js';

const quiet = { info: () => undefined, warn: () => undefined };
let running: RunningWebApp | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startWebApp', () => {
  it('with HOST 0.0.0.0, uses 127.0.0.1 in its URL and redirect URI, and keeps the emulator on loopback', async (context) => {
    running = await startWebApp({ port: 0, host: '0.0.0.0', logger: quiet });
    const app = new URL(running.url);
    const emulator = new URL(running.emulator?.url ?? '');

    expect(app.hostname).toBe('127.0.0.1');
    const login = await fetch(`${running.url}/login`, { redirect: 'manual' });
    const authorize = new URL(login.headers.get('location') ?? '');
    expect(authorize.origin).toBe(emulator.origin);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${running.url}/callback`);

    // 127.0.0.2 is loopback too, but only a socket bound to every interface answers there (Linux).
    if (!(await accepts('127.0.0.2', Number(app.port)))) context.skip('127.0.0.2 is not routable here');
    expect(await accepts('127.0.0.2', Number(emulator.port))).toBe(false);
  });

  it.each([
    [{ clientId: 'my-client' }, 'clientSecret and redirectUri'],
    [{ clientId: 'my-client', clientSecret: 'my-secret' }, 'redirectUri'],
    [{ redirectUri: 'https://app.example.com/callback' }, 'clientId and clientSecret'],
  ])(
    'refuses a partial credential %o instead of silently using the emulator',
    async (credential, missing) => {
      const started = startWebApp({ port: 0, logger: quiet, ...credential });

      await expect(started).rejects.toThrow(TypeError);
      await expect(started).rejects.toThrow(`pass ${missing} too`);
      await expect(started).rejects.not.toThrow('my-secret');
    },
  );
});
