import { describe, expect, it } from 'vitest';
import { optionsFromEnvironment } from '../src/config.js';

describe('optionsFromEnvironment', () => {
  it('uses the emulator (no credentials) and port 3000 when nothing is set', () => {
    expect(optionsFromEnvironment({})).toEqual({ port: 3000 });
  });

  it('targets the given credential when all three variables are set', () => {
    const options = optionsFromEnvironment({
      FRAMEIO_CLIENT_ID: 'id',
      FRAMEIO_CLIENT_SECRET: 'secret-value',
      FRAMEIO_REDIRECT_URI: 'https://app.example.com/callback',
      PORT: '8080',
      SESSION_SECRET: 'a-stable-session-secret',
    });
    expect(options).toMatchObject({
      port: 8080,
      clientId: 'id',
      redirectUri: 'https://app.example.com/callback',
    });
  });

  it('names the missing variables, without quoting the secret, when only some are set', () => {
    const read = () =>
      optionsFromEnvironment({ FRAMEIO_CLIENT_ID: 'id', FRAMEIO_CLIENT_SECRET: 'secret-value' });
    expect(read).toThrow(/FRAMEIO_REDIRECT_URI/);
    expect(read).not.toThrow(/secret-value/);
  });

  it('refuses a PORT that is not a port number', () => {
    expect(() => optionsFromEnvironment({ PORT: 'http' })).toThrow(/PORT must be a port number/);
  });
});
