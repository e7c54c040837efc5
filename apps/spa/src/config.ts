import { CALLBACK_PATH } from './pending-sign-in.js';

/** The Frame.io V4 API root of the real service. */
export const FRAMEIO_API_BASE = 'https://api.frame.io';
/** Adobe IMS production host (https://developer.adobe.com/developer-console/docs/guides/authentication/). */
export const ADOBE_IMS_BASE = 'https://ims-na1.adobelogin.com';
/** Where `pnpm dev` starts the emulator: the zero-configuration target. */
export const EMULATOR_BASE = 'http://127.0.0.1:8787';
/** The emulator's public SPA demo credential (no secret: it is a PKCE client). */
export const EMULATOR_CLIENT_ID = 'mock-spa-client';
/**
 * User scopes asked for by default. `AdobeID` must be requested explicitly, otherwise IMS narrows the token
 * and V4 answers 401 (see shared research, "Scopes for Frame.io").
 */
export const DEFAULT_SCOPES = 'openid AdobeID email profile offline_access additional_info.roles';

/** The build-time variables the app reads (Vite exposes only `VITE_*` ones to the bundle). */
export interface AppEnv {
  /** API root; default: the real API when a client ID is set, else the emulator. */
  VITE_FRAMEIO_API_BASE?: string | undefined;
  /** IMS root; default: Adobe IMS for the real API, else the API root (the emulator serves both). */
  VITE_FRAMEIO_IMS_BASE?: string | undefined;
  /** Client ID of an OAuth Single-Page App credential; default: the emulator's `mock-spa-client`. */
  VITE_FRAMEIO_CLIENT_ID?: string | undefined;
  /** Space- or comma-separated scopes; default {@link DEFAULT_SCOPES}. */
  VITE_FRAMEIO_SCOPES?: string | undefined;
}

/** Where the app signs in and which API it calls. */
export interface AppConfig {
  apiBaseUrl: string;
  imsBaseUrl: string;
  clientId: string;
  scopes: string;
  /** `'emulator'` when talking to anything but the real API (shown in the page header). */
  target: 'frameio' | 'emulator';
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function baseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `${name} is not a URL ("${value}"). Set it to an origin such as ${FRAMEIO_API_BASE}, then rebuild.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${name} must be an http(s) URL (got "${value}"). Fix it, then rebuild.`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Resolves the app's configuration from Vite's `import.meta.env`. With nothing set it targets the emulator
 * that `pnpm dev` starts; with a real client ID (and no base URLs) it targets the real API and Adobe IMS.
 *
 * @throws {Error} when a base URL is not an http(s) URL; the message names the variable to fix.
 */
export function resolveConfig(env: AppEnv): AppConfig {
  const clientId = nonEmpty(env.VITE_FRAMEIO_CLIENT_ID) ?? EMULATOR_CLIENT_ID;
  const realCredential = clientId !== EMULATOR_CLIENT_ID;
  const apiBaseUrl = baseUrl(
    'VITE_FRAMEIO_API_BASE',
    nonEmpty(env.VITE_FRAMEIO_API_BASE) ?? (realCredential ? FRAMEIO_API_BASE : EMULATOR_BASE),
  );
  const isRealApi = apiBaseUrl === FRAMEIO_API_BASE;
  const imsBaseUrl = baseUrl(
    'VITE_FRAMEIO_IMS_BASE',
    nonEmpty(env.VITE_FRAMEIO_IMS_BASE) ?? (isRealApi ? ADOBE_IMS_BASE : apiBaseUrl),
  );
  return {
    apiBaseUrl,
    imsBaseUrl,
    clientId,
    scopes: nonEmpty(env.VITE_FRAMEIO_SCOPES) ?? DEFAULT_SCOPES,
    target: isRealApi ? 'frameio' : 'emulator',
  };
}

/** The redirect URI registered for this app: its own origin + `/callback`. */
export function redirectUriFor(origin: string): string {
  return new URL(CALLBACK_PATH, origin).href;
}
