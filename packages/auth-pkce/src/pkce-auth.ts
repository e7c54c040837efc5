// Authorization code grant with PKCE for public clients: RFC 6749 §4.1, RFC 7636, RFC 8252 (native apps),
// on Adobe IMS (https://developer.adobe.com/developer-console/docs/guides/authentication/UserAuthentication/ims/).
import {
  type AccessToken,
  AuthError,
  assertStateMatches,
  buildAuthorizationUrl,
  DEFAULT_USER_SCOPES,
  type GetTokenOptions,
  IMS_BASE_URL,
  installSafeInspect,
  isAllowedRedirectUri,
  MemoryTokenStore,
  normalizeScopes,
  ReauthenticationRequiredError,
  type ScopesInput,
  type SignInRequiredContext,
  type TokenSource,
  type TokenStore,
  type TokenStoreErrorContext,
  UserTokenSession,
} from '@frameio-v4/auth-core';
import { type AuthorizationCallback, parseCallback } from './callback.js';
import type { LocalReauthenticationCode } from './errors.js';
import {
  computeCodeChallenge,
  DEFAULT_VERIFIER_LENGTH,
  generateCodeVerifier,
  MAX_VERIFIER_LENGTH,
  MIN_VERIFIER_LENGTH,
} from './pkce.js';
import { isPkceTokens, type PkceTokens } from './tokens.js';

/**
 * Scopes requested when none are given: the user scopes Frame.io staff recommend for V4 user sign-in
 * (forum.frame.io/t/…/3217) and frameio-kit uses. Some credentials also need `AdobeID`; pass `scopes` then.
 * The same list as auth-core's `DEFAULT_USER_SCOPES`.
 */
export const DEFAULT_PKCE_SCOPES: readonly string[] = DEFAULT_USER_SCOPES;

/**
 * A store operation that failed in the background, as reported to {@link PkceAuthOptions.onStoreError}:
 * `{ operation: 'get' | 'set' | 'delete', key }`.
 */
export type PkceStoreErrorContext = TokenStoreErrorContext;

/** Options of {@link PkceAuth}. */
export interface PkceAuthOptions {
  /** Client ID of the OAuth Single-Page App or Native App credential (Adobe Developer Console). Required. */
  clientId: string;
  /**
   * Where IMS sends the user back; it must match the credential's Redirect URI pattern (otherwise IMS silently
   * uses the Default Redirect URI). An `https://` URL, a Native App's `adobe+<hash>://callback`, or an
   * `http://127.0.0.1:<port>/…` loopback URL (RFC 8252 §7.3). Required.
   */
  redirectUri: string;
  /** Scopes to request: a list or a space/comma-separated string. Default {@link DEFAULT_PKCE_SCOPES}. */
  scopes?: ScopesInput | undefined;
  /**
   * Where the tokens are kept (they are secrets). Default a new `MemoryTokenStore`. In a browser, a
   * {@link SessionStorageTokenStore} keeps them across the redirect; in Node, `FileTokenStore` from
   * `@frameio-v4/auth-core/node` keeps them across runs.
   */
  store?: TokenStore | undefined;
  /** This sign-in's key in `store`. Default `auth-pkce:<clientId>`; set one per user to keep several. */
  storeKey?: string | undefined;
  /** Adobe IMS base URL. Default `https://ims-na1.adobelogin.com`. */
  imsBaseUrl?: string | undefined;
  /** `fetch` used for IMS requests. Default the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Renew the access token this long before it expires, in ms (capped at half its lifetime). Default 5 min. */
  refreshMarginMs?: number | undefined;
  /** Clock in epoch ms. Default `Date.now`; inject one in tests. */
  now?: (() => number) | undefined;
  /** Per-attempt timeout of IMS requests, in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries of transient IMS failures (network error, timeout, 429, 5xx). Default 2. */
  retries?: number | undefined;
  /** Length of generated PKCE code verifiers, 43–128 (RFC 7636 §4.1). Default 43. */
  verifierLength?: number | undefined;
  /**
   * Called when the store fails while tokens are renewed in the background; the renewed tokens are still
   * used from memory. Default: ignore. (Store failures in `exchangeCode`, `importTokens` and `revoke` throw.)
   */
  onStoreError?: ((error: unknown, context: PkceStoreErrorContext) => void) | undefined;
}

/** Options of {@link PkceAuth.getAuthorizationUrl}. */
export interface AuthorizationUrlOptions {
  /** The OAuth `state` (≤ 4096 characters). Default 256 random bits, base64url-encoded. */
  state?: string | undefined;
  /** Scopes for this sign-in. Default the instance's `scopes`. */
  scopes?: ScopesInput | undefined;
  /** Email of the user, to prefill the Adobe sign-in form (`login_hint`). */
  loginHint?: string | undefined;
  /** `login` forces the sign-in form; `none` fails on the redirect instead of showing any page (OIDC). */
  prompt?: 'login' | 'none' | undefined;
  /** OpenID Connect `nonce`, echoed in the ID token. */
  nonce?: string | undefined;
}

/** What {@link PkceAuth.getAuthorizationUrl} returns; keep `state` and `codeVerifier` until the redirect. */
export interface AuthorizationRequest {
  /** Send the user's browser here (`/ims/authorize/v2`). */
  url: string;
  /** Compare it with the `state` of the redirect: pass it as `expectedState` to `exchangeCode`. */
  state: string;
  /**
   * The PKCE code verifier for `exchangeCode`. SECRET: keep it where only this app can read it (memory, or
   * `sessionStorage` across the redirect) and never put it in a URL or a log.
   */
  codeVerifier: string;
  /** The scopes requested. */
  scopes: string[];
}

/** Options of {@link PkceAuth.exchangeCode}. */
export interface ExchangeCodeOptions {
  /** The `code` from the redirect (see `parseCallback`). */
  code: string;
  /** The `codeVerifier` that `getAuthorizationUrl` returned for this sign-in. */
  codeVerifier: string;
  /** The `state` from the redirect. */
  state: string | undefined;
  /** The `state` that `getAuthorizationUrl` returned for this sign-in. */
  expectedState: string;
  /** The scopes requested, recorded if IMS does not say which it granted. Default the instance's `scopes`. */
  scopes?: ScopesInput | undefined;
  /** Aborts the token request; the call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/** A summary of a sign-in, without secrets. */
export interface PkceSession {
  /** The scopes granted (or requested, if IMS did not say). */
  scopes: string[];
  /** When the access token expires, in epoch ms. */
  expiresAt: number | undefined;
  /** Whether IMS issued a refresh token, i.e. whether the session renews itself after `expiresAt`. */
  refreshable: boolean;
}

/** Options of {@link PkceAuth.revoke}. */
export interface RevokeOptions {
  /** Aborts the revocation requests; the local tokens are deleted anyway. */
  signal?: AbortSignal | undefined;
}

function requireString(value: unknown, message: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AuthError(message, { code: 'invalid_options' });
  }
  return value;
}

function checkNumber(
  name: string,
  value: number | undefined,
  rule: 'non-negative' | 'positive' | 'whole',
  hint: string,
): void {
  if (value === undefined) return;
  const valid =
    Number.isFinite(value) &&
    (rule === 'positive' ? value > 0 : value >= 0) &&
    (rule !== 'whole' || Number.isInteger(value));
  if (!valid) {
    throw new AuthError(`PkceAuth: ${name} must be ${hint}; got ${String(value)}.`, {
      code: 'invalid_options',
    });
  }
}

/** RFC 6749 §3.1.2 (absolute, no fragment), RFC 8252 §7 (https, private-use scheme, or http loopback). */
function checkRedirectUri(redirectUri: string): void {
  if (!isAllowedRedirectUri(redirectUri, { allowPrivateUseScheme: true })) {
    throw new AuthError(
      `PkceAuth: redirectUri "${redirectUri}" must be an absolute URL without a fragment: https://… (Single-Page ` +
        'App credentials), the adobe+<hash>://callback scheme of a Native App credential, or an ' +
        'http://127.0.0.1:<port>/… loopback URL (RFC 8252 §7.3). Copy it from the credential in the Adobe ' +
        'Developer Console; it must match its Redirect URI pattern.',
      { code: 'invalid_options' },
    );
  }
}

/**
 * Adobe IMS sign-in with the authorization code grant and PKCE (RFC 7636), for OAuth **Single-Page App** and
 * **Native App** credentials: public clients that have no client secret. Runs in browsers and Node ≥ 20
 * (WebCrypto only). It is a `TokenSource`: pass it to `createFrameioClient({ auth })`.
 *
 * - `getAuthorizationUrl()` → send the user to `url`; keep `state` and `codeVerifier`.
 * - `parseCallback(redirectUrl)` + `exchangeCode(...)` → tokens go to the store.
 * - `getToken()` serves the access token, renews it with the refresh token when IMS issued one (rotating it),
 *   and otherwise throws `ReauthenticationRequiredError` once it has expired.
 * - `revoke()` signs out at IMS and locally; `exportTokens()` / `importTokens()` move a session.
 *
 * Secrets (tokens, verifiers) live in private fields: `JSON.stringify`, `util.inspect` and `String()` show
 * only `{ clientId, redirectUri, scopes }`.
 *
 * @example
 * const auth = new PkceAuth({ clientId, redirectUri: 'https://app.example.com/callback' });
 * const { url, state, codeVerifier } = await auth.getAuthorizationUrl();
 * // … the user signs in, IMS redirects to redirectUri …
 * const { code, state: returned } = auth.parseCallback(location.href);
 * await auth.exchangeCode({ code, codeVerifier, state: returned, expectedState: state });
 * const client = createFrameioClient({ auth });
 */
export class PkceAuth implements TokenSource {
  /** The credential's client ID. */
  readonly clientId: string;
  /** The redirect URI sent to IMS. */
  readonly redirectUri: string;
  /** The scopes requested by default. */
  readonly scopes: readonly string[];

  readonly #imsBaseUrl: string;
  readonly #verifierLength: number;
  /** The signed-in user's tokens: store, renewal, revocation, export and import. */
  readonly #tokens: UserTokenSession;

  /** @throws {AuthError} `invalid_options` when an option is missing or malformed; the message names it. */
  constructor(options: PkceAuthOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new AuthError('PkceAuth expects an options object: new PkceAuth({ clientId, redirectUri }).', {
        code: 'invalid_options',
      });
    }
    this.clientId = requireString(
      options.clientId,
      'PkceAuth: clientId is required; copy the Client ID of your OAuth Single-Page App or Native App ' +
        'credential from the Adobe Developer Console.',
    );
    this.redirectUri = requireString(
      options.redirectUri,
      "PkceAuth: redirectUri is required; use one of the credential's redirect URIs (Adobe Developer Console).",
    );
    checkRedirectUri(this.redirectUri);
    this.scopes = Object.freeze(normalizeScopes(options.scopes ?? DEFAULT_PKCE_SCOPES));
    if (this.scopes.length === 0) {
      throw new AuthError(
        `PkceAuth: scopes is empty; leave it out for "${DEFAULT_PKCE_SCOPES.join(' ')}" or list the scopes.`,
        { code: 'invalid_options' },
      );
    }
    checkNumber('refreshMarginMs', options.refreshMarginMs, 'non-negative', 'a number of milliseconds ≥ 0');
    checkNumber('timeoutMs', options.timeoutMs, 'positive', 'a positive number of milliseconds');
    checkNumber('retries', options.retries, 'whole', 'a whole number ≥ 0');
    const verifierLength = options.verifierLength ?? DEFAULT_VERIFIER_LENGTH;
    if (
      !Number.isInteger(verifierLength) ||
      verifierLength < MIN_VERIFIER_LENGTH ||
      verifierLength > MAX_VERIFIER_LENGTH
    ) {
      throw new AuthError(
        `PkceAuth: verifierLength must be a whole number from ${MIN_VERIFIER_LENGTH} to ${MAX_VERIFIER_LENGTH} ` +
          `(RFC 7636 §4.1); got ${String(options.verifierLength)}.`,
        { code: 'invalid_options' },
      );
    }
    this.#imsBaseUrl = options.imsBaseUrl ?? IMS_BASE_URL;
    this.#verifierLength = verifierLength;
    this.#tokens = new UserTokenSession({
      // A public client: only client_id, no secret (RFC 6749 §2.1).
      client: { clientId: this.clientId, authMethod: 'none' },
      store: options.store ?? new MemoryTokenStore(),
      storeKey: options.storeKey ?? `auth-pkce:${this.clientId}`,
      description: `PkceAuth(${this.clientId})`,
      imsBaseUrl: this.#imsBaseUrl,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      now: options.now,
      refreshMarginMs: options.refreshMarginMs,
      // The record names its client: a storeKey chosen by the app may be shared by several credentials.
      recordClientId: true,
      // Web Storage may be full or disabled: renewals carry on in memory and are reported (onStoreError).
      storeFailures: 'tolerate',
      onStoreError: options.onStoreError,
      // Adobe documents no refresh tokens for SPA / Native credentials: if IMS issued one but refuses the
      // grant, the access token serves until it expires.
      refreshGrantRefused: 'dropRefreshToken',
      signInRequiredError: (code, context) =>
        ReauthenticationRequiredError.local(
          code,
          this.#signInRequiredMessage(code, context),
          context.tokenEndpoint,
        ),
    });
    installSafeInspect(
      this,
      () => ({ clientId: this.clientId, redirectUri: this.redirectUri, scopes: [...this.scopes] }),
      'PkceAuth',
    );
  }

  /**
   * Starts a sign-in: a new PKCE code verifier, its S256 challenge (RFC 7636 §4.2) and a `state`, and the
   * `/ims/authorize/v2` URL to send the user to. `code_challenge_method=S256` is always sent: IMS would
   * otherwise assume `plain`.
   */
  async getAuthorizationUrl(options: AuthorizationUrlOptions = {}): Promise<AuthorizationRequest> {
    const scopes = normalizeScopes(options.scopes ?? this.scopes);
    if (scopes.length === 0) {
      throw new AuthError('getAuthorizationUrl: scopes is empty; leave it out to use the instance scopes.', {
        code: 'invalid_options',
      });
    }
    const codeVerifier = generateCodeVerifier(this.#verifierLength);
    const { url, state } = buildAuthorizationUrl({
      imsBaseUrl: this.#imsBaseUrl,
      clientId: this.clientId,
      redirectUri: this.redirectUri,
      scopes,
      state: options.state,
      loginHint: options.loginHint,
      prompt: options.prompt,
      extraParams: {
        code_challenge: await computeCodeChallenge(codeVerifier),
        // Always sent: IMS would otherwise assume `plain`.
        code_challenge_method: 'S256',
        nonce: options.nonce,
      },
    });
    return { url, state, codeVerifier, scopes };
  }

  /**
   * Reads `code` and `state` from the redirect URL (query or fragment, `https://…` or `adobe+<hash>://…`).
   *
   * @throws {ImsError} IMS put an `error` on the redirect (e.g. `access_denied`).
   * @throws {AuthError} `invalid_callback` when the URL has neither `code` nor `error`.
   */
  parseCallback(url: string | URL): AuthorizationCallback {
    return parseCallback(url, { imsBaseUrl: this.#imsBaseUrl });
  }

  /**
   * Finishes a sign-in: checks `state` against `expectedState` (before any request, RFC 6749 §10.12), then
   * exchanges the code at `/ims/token/v3` with `client_id`, `code_verifier` and `redirect_uri` (no client
   * secret) and stores the tokens, replacing any previous sign-in.
   *
   * @throws {StateMismatchError} `state_missing` or `state_mismatch`; nothing was sent.
   * @throws {ReauthenticationRequiredError} `invalid_grant`: the code expired, was used, or the verifier does
   *   not match it. Start a new sign-in.
   * @throws {ImsError} any other IMS failure; {@link TokenStoreError} when the store cannot keep the tokens.
   */
  async exchangeCode(options: ExchangeCodeOptions): Promise<PkceSession> {
    const { code, codeVerifier, state, expectedState, signal } = options;
    // Constant-time comparison, before any request (RFC 6749 §10.12).
    assertStateMatches(state, expectedState, { stateStorage: 'e.g. in sessionStorage' });
    requireString(code, 'exchangeCode: code is required; read it from the redirect with parseCallback().');
    requireString(
      codeVerifier,
      'exchangeCode: codeVerifier is required; pass the codeVerifier getAuthorizationUrl() returned.',
    );
    // RFC 7636 §4.5 and RFC 6749 §4.1.3: a public client sends client_id, code_verifier and redirect_uri.
    const signIn = await this.#tokens.exchangeCode({
      code,
      codeVerifier,
      redirectUri: this.redirectUri,
      scopes: options.scopes ?? this.scopes,
      signal,
    });
    return { scopes: signIn.scopes, expiresAt: signIn.expiresAt, refreshable: signIn.hasRefreshToken };
  }

  /**
   * The current access token, renewed when it is about to expire (TokenSource). Renewals are single-flight:
   * any number of concurrent calls make one IMS request. A refresh token is rotated on every renewal.
   *
   * @throws {ReauthenticationRequiredError} nobody is signed in (`not_signed_in`); the token expired and IMS
   *   issued no refresh token (`no_refresh_token`); or IMS rejected the refresh token (`invalid_grant`).
   * @throws {ImsError} IMS could not be reached or refused the refresh for another reason.
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#tokens.getToken(options);
  }

  /** The API rejected `token` (401): the next `getToken()` renews it, if it is still the current one. */
  invalidate(token: AccessToken): void {
    this.#tokens.invalidate(token);
  }

  /**
   * Whether there is a usable sign-in: stored tokens whose access token has not expired, or that have a
   * refresh token. Makes no network request.
   */
  isSignedIn(): Promise<boolean> {
    return this.#tokens.isSignedIn();
  }

  /**
   * Signs out: revokes the refresh token (if any) and the unexpired access token at `/ims/revoke` (RFC 7009,
   * with `client_id` and no secret), then deletes the stored tokens. The tokens are deleted even if IMS cannot
   * be reached; the IMS error is thrown afterwards. Afterwards `getToken()` throws `not_signed_in`.
   */
  revoke(options: RevokeOptions = {}): Promise<void> {
    return this.#tokens.revoke(options);
  }

  /**
   * The stored tokens, e.g. to move a sign-in to another process, or `undefined` when nobody is signed in.
   * The result CONTAINS SECRETS (access and refresh tokens): treat it like a password.
   */
  async exportTokens(): Promise<PkceTokens | undefined> {
    const record = await this.#tokens.exportTokens();
    return record && { clientId: this.clientId, ...record };
  }

  /**
   * Replaces the stored tokens with `tokens` (from `exportTokens()`), e.g. in another process.
   *
   * @throws {AuthError} `invalid_tokens` when `tokens` is not what `exportTokens()` returns, or was issued to
   *   another client ID. {@link TokenStoreError} when the store cannot keep them.
   */
  async importTokens(tokens: PkceTokens): Promise<void> {
    if (!isPkceTokens(tokens)) {
      throw new AuthError(
        'importTokens: expected the object exportTokens() returns: { clientId, accessToken, refreshToken?, ' +
          'expiresAt?, scopes: string[], obtainedAt }. Pass it unchanged (after JSON.parse if you saved it).',
        { code: 'invalid_tokens' },
      );
    }
    if (tokens.clientId !== this.clientId) {
      throw new AuthError(
        `importTokens: these tokens were issued to client "${tokens.clientId}", not "${this.clientId}"; IMS ` +
          'would refuse to renew them. Import them into a PkceAuth with that clientId.',
        { code: 'invalid_tokens' },
      );
    }
    const { clientId: _checked, ...record } = tokens;
    await this.#tokens.importTokens(record);
  }

  #signInRequiredMessage(code: LocalReauthenticationCode, context: SignInRequiredContext): string {
    if (code === 'not_signed_in') {
      return (
        `PkceAuth(${this.clientId}): nobody is signed in (no tokens under "${this.#tokens.storeKey}" in the ` +
        'store). Start a sign-in: call getAuthorizationUrl(), send the user to the URL, then call ' +
        'exchangeCode() with the code from the redirect (in a CLI, use loginWithLoopback from ' +
        '@frameio-v4/auth-pkce/node).'
      );
    }
    const when = context.expiresAt === undefined ? '' : ` at ${new Date(context.expiresAt).toISOString()}`;
    return (
      `PkceAuth(${this.clientId}): the access token expired${when} and there is no refresh token to renew it. ` +
      'Adobe does not issue refresh tokens to OAuth Single-Page App and Native App credentials (and never ' +
      'without the offline_access scope), so the user must sign in again: start a new sign-in with ' +
      'getAuthorizationUrl().'
    );
  }
}

/**
 * `SPAAuth` is {@link PkceAuth} under the name the official Frame.io TypeScript SDK uses for OAuth
 * Single-Page App credentials, to ease migration: `new SPAAuth({ clientId, redirectUri: 'https://…' })`.
 */
export const SPAAuth: typeof PkceAuth = PkceAuth;
/** An instance of {@link PkceAuth} (see the `SPAAuth` value). */
export type SPAAuth = PkceAuth;

/**
 * `NativeAppAuth` is {@link PkceAuth} under the name the official Frame.io TypeScript SDK uses for OAuth
 * Native App credentials, to ease migration: `new NativeAppAuth({ clientId, redirectUri:
 * 'adobe+<hash>://callback' })`; pass the URL the OS hands your app to `parseCallback`.
 */
export const NativeAppAuth: typeof PkceAuth = PkceAuth;
/** An instance of {@link PkceAuth} (see the `NativeAppAuth` value). */
export type NativeAppAuth = PkceAuth;
