import { describe, expect, it } from 'vitest';
import { redirectUriFor, resolveConfig } from '../src/config.js';

describe('resolveConfig', () => {
  it('targets the emulator on 127.0.0.1:8787 with the demo SPA client when nothing is set', () => {
    expect(resolveConfig({})).toEqual({
      apiBaseUrl: 'http://127.0.0.1:8787',
      imsBaseUrl: 'http://127.0.0.1:8787',
      clientId: 'mock-spa-client',
      scopes: 'openid AdobeID email profile offline_access additional_info.roles',
      target: 'emulator',
    });
  });

  it('targets the real API and Adobe IMS when a real client ID is set', () => {
    const config = resolveConfig({ VITE_FRAMEIO_CLIENT_ID: ' 0123abcd ' });
    expect(config).toMatchObject({
      apiBaseUrl: 'https://api.frame.io',
      imsBaseUrl: 'https://ims-na1.adobelogin.com',
      clientId: '0123abcd',
      target: 'frameio',
    });
  });

  it('uses the API root for IMS when the API root is not the real API (the emulator serves both)', () => {
    const config = resolveConfig({ VITE_FRAMEIO_API_BASE: 'http://127.0.0.1:9999/' });
    expect(config.apiBaseUrl).toBe('http://127.0.0.1:9999');
    expect(config.imsBaseUrl).toBe('http://127.0.0.1:9999');
    expect(config.target).toBe('emulator');
  });

  it('lets explicit values win: IMS stage host, custom scopes; empty strings count as unset', () => {
    const config = resolveConfig({
      VITE_FRAMEIO_CLIENT_ID: 'real-client',
      VITE_FRAMEIO_API_BASE: '',
      VITE_FRAMEIO_IMS_BASE: 'https://ims-na1-stg1.adobelogin.com',
      VITE_FRAMEIO_SCOPES: 'openid,AdobeID',
    });
    expect(config).toMatchObject({
      apiBaseUrl: 'https://api.frame.io',
      imsBaseUrl: 'https://ims-na1-stg1.adobelogin.com',
      scopes: 'openid,AdobeID',
    });
  });

  it('names the variable to fix when a base URL is malformed', () => {
    expect(() => resolveConfig({ VITE_FRAMEIO_API_BASE: 'api.frame.io' })).toThrow(
      /VITE_FRAMEIO_API_BASE is not a URL .*rebuild/,
    );
    expect(() => resolveConfig({ VITE_FRAMEIO_IMS_BASE: 'ftp://ims.example' })).toThrow(
      /VITE_FRAMEIO_IMS_BASE must be an http\(s\) URL/,
    );
  });
});

describe('redirectUriFor', () => {
  it("is the app's own origin + /callback", () => {
    expect(redirectUriFor('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173/callback');
    expect(redirectUriFor('https://app.example.com')).toBe('https://app.example.com/callback');
  });
});
