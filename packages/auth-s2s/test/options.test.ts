import { describe, expect, it } from 'vitest';
import { AuthError, DEFAULT_S2S_SCOPES, ServerToServerAuth } from '../src/index.js';

const valid = { clientId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', clientSecret: 'p8e-Secret-0123456789abcdef' };

function thrownBy(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  return expect.fail('expected the constructor to throw');
}

describe('ServerToServerAuth options', () => {
  it.each([
    ['missing', undefined, 'it is missing'],
    ['empty', '', 'got an empty string'],
    ['whitespace', '  \n', 'got only whitespace'],
    ['not a string', 1234, 'got a number'],
  ])('a %s clientId is a TypeError naming the option and where to find it', (_, clientId, got) => {
    const error = thrownBy(() => new ServerToServerAuth({ ...valid, clientId: clientId as string }));

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`clientId is required (${got})`);
    expect(error.message).toContain('Adobe Developer Console');
    expect(error.message).toContain('OAuth Server-to-Server credential');
    expect(error.message).not.toContain(valid.clientSecret);
  });

  it.each([
    ['missing', undefined, 'it is missing'],
    ['empty', '', 'got an empty string'],
    ['whitespace', '\t ', 'got only whitespace'],
    ['null', null, 'got null'],
  ])('a %s clientSecret is a TypeError naming the option and where to find it', (_, clientSecret, got) => {
    const error = thrownBy(() => new ServerToServerAuth({ ...valid, clientSecret: clientSecret as string }));

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`clientSecret is required (${got})`);
    expect(error.message).toContain('Adobe Developer Console');
    expect(error.message).toContain('OAuth Server-to-Server credential');
  });

  it('no options object is a TypeError that says what to pass', () => {
    const error = thrownBy(() => new ServerToServerAuth(undefined as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('{ clientId, clientSecret }');
  });

  it('trims pasted credentials (e.g. a trailing newline read from a file)', () => {
    const auth = new ServerToServerAuth({
      clientId: ` ${valid.clientId}\n`,
      clientSecret: valid.clientSecret,
    });
    expect(auth.clientId).toBe(valid.clientId);
  });

  it('defaults to the scopes of the V4 spec s2s_auth scheme, and normalises custom ones', () => {
    expect(new ServerToServerAuth(valid).scopes).toEqual(['openid', 'AdobeID', 'frame.s2s.all']);
    expect(DEFAULT_S2S_SCOPES).toEqual(['openid', 'AdobeID', 'frame.s2s.all']);
    expect(new ServerToServerAuth({ ...valid, scopes: ' openid,,AdobeID  openid ' }).scopes).toEqual([
      'openid',
      'AdobeID',
    ]);
  });

  it.each([
    ['an empty string', ''],
    ['only separators', ' , '],
    ['an empty list', []],
    ['a list with a non-string', ['openid', 3]],
  ])('scopes as %s is a TypeError that shows the default', (_, scopes) => {
    const error = thrownBy(() => new ServerToServerAuth({ ...valid, scopes: scopes as string[] }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('openid,AdobeID,frame.s2s.all');
  });

  it('the store key does not depend on how imsBaseUrl is written, and never holds the secret', () => {
    const plain = new ServerToServerAuth({ ...valid, imsBaseUrl: 'https://ims-na1-stg1.adobelogin.com' });
    const slashed = new ServerToServerAuth({ ...valid, imsBaseUrl: 'https://IMS-NA1-STG1.adobelogin.com/' });

    expect(slashed.imsBaseUrl).toBe('https://ims-na1-stg1.adobelogin.com');
    expect(slashed.storeKey).toBe(plain.storeKey);
    expect(plain.storeKey).toBe(
      `frameio-v4:s2s:https://ims-na1-stg1.adobelogin.com:${valid.clientId}:AdobeID frame.s2s.all openid`,
    );
  });

  it.each([
    ['imsBaseUrl', { imsBaseUrl: 'ims-na1.adobelogin.com' }, 'imsBaseUrl must be an absolute http(s) URL'],
    ['timeoutMs', { timeoutMs: 0 }, 'timeoutMs must be a positive number'],
    ['retries', { retries: 1.5 }, 'retries must be a whole number'],
    ['refreshMarginMs', { refreshMarginMs: -1 }, 'refreshMarginMs must be a number'],
  ])('an invalid %s is an AuthError invalid_options at construction', (_, options, says) => {
    const error = thrownBy(() => new ServerToServerAuth({ ...valid, ...options }));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'invalid_options' });
    expect(error.message).toContain(says);
  });
});
