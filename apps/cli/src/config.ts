import { join } from 'node:path';
import { DEFAULT_BASE_URL } from '@frameio-v4/api';
import { IMS_BASE_URL } from '@frameio-v4/auth-core';
import type { CliOptions } from './args.js';
import { UsageError } from './errors.js';

/**
 * The emulator's public (PKCE) demo client (`@frameio-v4/mock`, "Demo credentials"): it accepts loopback
 * redirect URIs, so `fio login` works against the emulator with no configuration.
 */
export const EMULATOR_CLIENT_ID = 'mock-spa-client';

/** The environment variables `fio` reads. */
export interface CliEnvironment {
  readonly [name: string]: string | undefined;
}

/** Where `fio` talks to and keeps its tokens, resolved from flags, environment and defaults. */
export interface CliConfig {
  /** Frame.io API root, without a trailing slash. */
  readonly apiBase: string;
  /** Adobe IMS root, without a trailing slash. */
  readonly imsBase: string;
  /** Whether `apiBase` is the real Frame.io API (not the emulator or another server). */
  readonly realApi: boolean;
  /** The OAuth client id (flag, then environment, then the emulator's demo client), if any. */
  readonly clientId: string | undefined;
  /** The directory the token files live in. */
  readonly configDir: string;
}

/** The value of an environment variable, treating an empty one as unset (a common `export X=` mistake). */
export function envValue(env: CliEnvironment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function baseUrl(value: string, flag: string, envName: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `${flag} (or ${envName}) must be an absolute URL such as http://127.0.0.1:8787, got "${value}"`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${flag} (or ${envName}) must be an http(s) URL, got "${value}"`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError(`${flag} (or ${envName}) must not have a query or fragment, got "${value}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Where the token files live: `FIO_CONFIG_DIR`, else `%APPDATA%\frameio-v4` on Windows, else
 * `$XDG_CONFIG_HOME/frameio-v4`, else `~/.config/frameio-v4` (XDG Base Directory Specification:
 * https://specifications.freedesktop.org/basedir-spec/latest/).
 */
export function configDirectory(env: CliEnvironment, platform: string, home: string): string {
  const explicit = envValue(env, 'FIO_CONFIG_DIR');
  if (explicit) return explicit;
  const appData = envValue(env, 'APPDATA');
  if (platform === 'win32' && appData) return join(appData, 'frameio-v4');
  // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = envValue(env, 'XDG_CONFIG_HOME');
  if (xdg?.startsWith('/')) return join(xdg, 'frameio-v4');
  return join(home, '.config', 'frameio-v4');
}

/** Resolves the configuration: flags win over the environment, which wins over the defaults. */
export function resolveConfig(
  options: CliOptions,
  env: CliEnvironment,
  platform: string,
  home: string,
): CliConfig {
  const apiBase = baseUrl(
    options.apiBase ?? envValue(env, 'FRAMEIO_API_BASE') ?? DEFAULT_BASE_URL,
    '--api-base',
    'FRAMEIO_API_BASE',
  );
  const realApi = new URL(apiBase).origin === new URL(DEFAULT_BASE_URL).origin;
  // The emulator serves IMS and the API on one origin: pointing --api-base at it is all it takes.
  const imsDefault = realApi ? IMS_BASE_URL : apiBase;
  const imsBase = baseUrl(
    options.imsBase ?? envValue(env, 'FRAMEIO_IMS_BASE') ?? imsDefault,
    '--ims-base',
    'FRAMEIO_IMS_BASE',
  );
  const clientId =
    options.clientId?.trim() ||
    envValue(env, 'FRAMEIO_CLIENT_ID') ||
    (realApi ? undefined : EMULATOR_CLIENT_ID);
  return { apiBase, imsBase, realApi, clientId, configDir: configDirectory(env, platform, home) };
}
