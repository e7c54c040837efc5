import type { TokenSource } from '@frameio-v4/api';
import type { AccessToken } from '@frameio-v4/auth-core';
import { FileTokenStore } from '@frameio-v4/auth-core/node';
import { LegacyTokenAuth } from '@frameio-v4/auth-legacy';
import { DEFAULT_PKCE_SCOPES, PkceAuth } from '@frameio-v4/auth-pkce';
import { ServerToServerAuth } from '@frameio-v4/auth-s2s';
import type { CliOptions } from './args.js';
import { type CliConfig, type CliEnvironment, envValue } from './config.js';
import { UsageError } from './errors.js';

/** Which credentials a command uses. */
export type AuthKind = 'login' | 's2s' | 'legacy-token';

/**
 * Scopes `fio login` asks for: the user scopes Frame.io staff recommend (forum.frame.io/t/…/3217, see
 * DEFAULT_PKCE_SCOPES) plus `AdobeID`, which practitioners report must be requested explicitly or the V4 API
 * answers 401 (research notes, "Pain points" 2).
 */
export const DEFAULT_LOGIN_SCOPES: readonly string[] = Object.freeze([...DEFAULT_PKCE_SCOPES, 'AdobeID']);

/**
 * A `PkceAuth` needs a redirect URI, but only the code exchange in `fio login` sends it (RFC 6749 §4.1.3):
 * renewing and revoking stored tokens do not, so any loopback URI serves for them.
 */
const STORED_LOGIN_REDIRECT_URI = 'http://127.0.0.1/callback';

/** The credentials a command calls the API with, and how to describe them without a secret. */
export interface Credentials {
  readonly kind: AuthKind;
  /** What the API client gets tokens from. */
  readonly source: TokenSource;
  /** E.g. `stored login (client mock-spa-client, IMS http://127.0.0.1:8787)`. */
  readonly description: string;
  /** The same as data, for `--json`. */
  readonly summary: Readonly<Record<string, string>>;
}

/** Values that must never be printed (scrubbed from every message as a last line of defence). */
export function secretsIn(env: CliEnvironment): string[] {
  return ['FRAMEIO_CLIENT_SECRET', 'FRAMEIO_TOKEN']
    .map((name) => envValue(env, name))
    .filter((value): value is string => value !== undefined && value.length >= 4);
}

const AUTH_KINDS: readonly AuthKind[] = ['login', 's2s', 'legacy-token'];

/** Picks the credentials: `--s2s` / `--legacy-token`, else `FIO_AUTH`, else the stored login. */
export function selectAuthKind(options: CliOptions, env: CliEnvironment): AuthKind {
  if (options.s2s && options.legacyToken) {
    throw new UsageError('pass either --s2s or --legacy-token, not both');
  }
  if (options.s2s) return 's2s';
  if (options.legacyToken) return 'legacy-token';
  const fromEnv = envValue(env, 'FIO_AUTH');
  if (fromEnv === undefined) return 'login';
  if (!(AUTH_KINDS as readonly string[]).includes(fromEnv)) {
    throw new UsageError(`FIO_AUTH must be one of ${AUTH_KINDS.join(', ')}; got "${fromEnv}"`);
  }
  return fromEnv as AuthKind;
}

/** The token store in the config directory (one 0600 file per key in a 0700 directory). */
export function tokenStore<T>(config: CliConfig): FileTokenStore<T> {
  return new FileTokenStore<T>({ directory: config.configDir });
}

/** The client id for the stored login, or a usage error saying how to give one. */
export function loginClientId(config: CliConfig): string {
  if (config.clientId) return config.clientId;
  throw new UsageError(
    'no OAuth client id: pass --client-id or set FRAMEIO_CLIENT_ID to the client id of an OAuth ' +
      'Single-Page App or Native App credential (Adobe Developer Console) whose redirect URI pattern allows ' +
      'http://127.0.0.1:<port>/callback',
    'login',
  );
}

/** The stored login's key: one sign-in per IMS and client id, so the emulator and the real IMS never mix. */
export function loginStoreKey(config: CliConfig, clientId: string): string {
  return `fio:login:${config.imsBase}:${clientId}`;
}

/** The stored login (tokens from `fio login`), renewed from the store as needed. */
export function storedLogin(config: CliConfig, clientId: string): PkceAuth {
  return new PkceAuth({
    clientId,
    redirectUri: STORED_LOGIN_REDIRECT_URI,
    scopes: DEFAULT_LOGIN_SCOPES,
    store: tokenStore(config),
    storeKey: loginStoreKey(config, clientId),
    imsBaseUrl: config.imsBase,
  });
}

/** The server-to-server client id (`--client-id` or env) and secret (env only). */
export function serverToServerCredentials(
  env: CliEnvironment,
  options: CliOptions,
): { clientId: string; clientSecret: string } {
  const clientId = options.clientId?.trim() || envValue(env, 'FRAMEIO_CLIENT_ID');
  const clientSecret = envValue(env, 'FRAMEIO_CLIENT_SECRET');
  if (!clientId || !clientSecret) {
    const missing = [clientId ? '' : 'FRAMEIO_CLIENT_ID', clientSecret ? '' : 'FRAMEIO_CLIENT_SECRET']
      .filter(Boolean)
      .join(' and ');
    throw new UsageError(
      `--s2s needs ${missing} in the environment: the client id and secret of an OAuth Server-to-Server ` +
        'credential (Adobe Developer Console → your project). The secret is read only from the environment, ' +
        'never from a flag, so it does not show up in the process list or shell history',
    );
  }
  return { clientId, clientSecret };
}

/** Server-to-server credentials from the environment; the token is cached in the config directory. */
export function serverToServer(
  config: CliConfig,
  env: CliEnvironment,
  options: CliOptions,
  onStoreError?: (error: unknown) => void,
): ServerToServerAuth {
  const { clientId, clientSecret } = serverToServerCredentials(env, options);
  // Adobe asks integrations to cache S2S tokens and may throttle those that mint many (Adobe Developer
  // Console, Server-to-Server implementation guide), so one token serves every `fio` run until it expires.
  return new ServerToServerAuth({
    clientId,
    clientSecret,
    imsBaseUrl: config.imsBase,
    store: tokenStore<AccessToken>(config),
    onStoreError,
  });
}

/** The credentials a command should use. Throws {@link UsageError} when they are not configured. */
export function resolveCredentials(
  kind: AuthKind,
  config: CliConfig,
  env: CliEnvironment,
  options: CliOptions,
  warn: (message: string) => void,
): Credentials {
  switch (kind) {
    case 's2s': {
      const auth = serverToServer(config, env, options, (error) =>
        warn(`cannot use the token cache in ${config.configDir}: ${(error as Error).message}`),
      );
      return {
        kind,
        source: auth,
        description: `server-to-server (client ${auth.clientId}, IMS ${config.imsBase})`,
        summary: { kind, clientId: auth.clientId, imsBase: config.imsBase },
      };
    }
    case 'legacy-token': {
      const token = env.FRAMEIO_TOKEN;
      if (token === undefined || token.trim() === '') {
        throw new UsageError(
          '--legacy-token needs FRAMEIO_TOKEN in the environment: a legacy Frame.io developer token (read ' +
            'only from the environment, so it does not show up in the process list or shell history)',
        );
      }
      // LegacyTokenAuth validates the token (whitespace, Bearer prefix, an IMS JWT by mistake).
      return {
        kind,
        source: new LegacyTokenAuth({ token }),
        description: 'legacy developer token (FRAMEIO_TOKEN)',
        summary: { kind },
      };
    }
    case 'login': {
      const clientId = loginClientId(config);
      return {
        kind,
        source: storedLogin(config, clientId),
        description: `stored login (client ${clientId}, IMS ${config.imsBase}, tokens in ${config.configDir})`,
        summary: { kind, clientId, imsBase: config.imsBase, configDir: config.configDir },
      };
    }
  }
}
