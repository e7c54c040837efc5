import type { MockClient, MockUser } from '../config.js';
import type { MockContext } from '../context.js';
import { randomToken } from '../random.js';
import type { RouteArgs, RouteDefinition } from '../route.js';
import { renderConsentPage } from './consent-page.js';
import { htmlErrorPage } from './errors.js';
import { isWellFormedPkceValue } from './pkce.js';
import { parseScopes } from './scopes.js';

/** Path of the authorization endpoint (IMS discovery: `authorization_endpoint`). */
export const AUTHORIZE_PATH = '/ims/authorize/v2';
/** Where the consent page posts its decision (emulator-only). */
export const CONSENT_PATH = '/ims/authorize/v2/consent';

/** RFC 6749 §3.1.2.2 / Adobe: a redirect URI must match one the credential registered. */
function redirectUriAllowed(client: MockClient, uri: string): boolean {
  return client.redirectUris.some((pattern) => {
    if (typeof pattern === 'string') return pattern === uri;
    const flags = pattern.flags.replace(/[gy]/g, '');
    const match = new RegExp(pattern.source, flags).exec(uri);
    return match !== null && match.index === 0 && match[0].length === uri.length;
  });
}

function describePatterns(client: MockClient): string {
  return client.redirectUris.map((pattern) => String(pattern)).join(', ') || '(none)';
}

/** RFC 6749 §4.1.2 / §4.1.2.1: the answer goes back to the client in the query (or fragment). */
function redirectTo(
  redirectUri: string,
  responseMode: 'query' | 'fragment',
  params: Record<string, string | undefined>,
): Response {
  const url = new URL(redirectUri);
  const fragment = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (responseMode === 'fragment') fragment.set(name, value);
    else url.searchParams.set(name, value);
  }
  if (responseMode === 'fragment') url.hash = fragment.toString();
  return new Response(null, {
    status: 302,
    headers: { location: url.toString(), 'cache-control': 'no-store' },
  });
}

function findPerson(context: MockContext, hint: string): MockUser | undefined {
  const needle = hint.toLowerCase();
  return [...context.state.users.values()].find(
    (user) =>
      user.email.toLowerCase() === needle ||
      user.id.toLowerCase() === needle ||
      user.imsUserId.toLowerCase() === needle,
  );
}

interface CodeInput {
  client: MockClient;
  user: MockUser;
  scopes: readonly string[];
  redirectUri: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  nonce: string | undefined;
}

/** Stores a single-use authorization code (RFC 6749 §4.1.2) and returns its value. */
function issueCode(context: MockContext, input: CodeInput): string {
  const now = context.clock.now();
  const code = randomToken(32);
  context.state.addCode(code, {
    id: randomToken(8),
    clientId: input.client.clientId,
    userId: input.user.id,
    scopes: [...input.scopes],
    redirectUri: input.redirectUri,
    codeChallenge: input.codeChallenge,
    codeChallengeMethod: input.codeChallengeMethod,
    nonce: input.nonce,
    grantId: randomToken(12),
    createdAt: now,
    expiresAt: now + context.config.codeTtlMs,
    usedAt: undefined,
  });
  return code;
}

function clientList(context: MockContext): string {
  return [...context.state.clients.values()]
    .filter((client) => client.type !== 'server-to-server')
    .map((client) => client.clientId)
    .join(', ');
}

/**
 * `GET /ims/authorize/v2` (Adobe UserAuthentication/ims.md; RFC 6749 §4.1.1, RFC 7636 §4.3).
 * Problems with `client_id` / `redirect_uri` get an HTML page (RFC 6749 §4.1.2.1 forbids redirecting then);
 * everything else is reported to the redirect URI as `error` / `error_description` / `state`.
 */
async function handleAuthorize({ request, url, context }: RouteArgs): Promise<Response> {
  const query = url.searchParams;
  const names = [...query.keys()];
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate === 'client_id' || duplicate === 'redirect_uri') {
    return htmlErrorPage('Invalid request', `${duplicate} appears more than once; send it once.`);
  }

  const clientId = query.get('client_id');
  if (!clientId) {
    return htmlErrorPage(
      'Missing client_id',
      `The authorize URL has no client_id. Add the client id of your credential (mock clients: ${clientList(context)}).`,
    );
  }
  const client = context.state.clients.get(clientId);
  if (!client) {
    return htmlErrorPage(
      'Unknown client_id',
      `No credential has client_id '${clientId}'. Use one of the mock's clients: ${clientList(context)}.`,
    );
  }
  if (client.type === 'server-to-server') {
    return htmlErrorPage(
      'Wrong credential type',
      `'${clientId}' is a server-to-server credential: it has no user sign-in. ` +
        'Request tokens with grant_type=client_credentials at /ims/token/v3 instead.',
    );
  }

  const requestedRedirect = query.get('redirect_uri') ?? undefined;
  let redirectUri: string;
  if (requestedRedirect === undefined) {
    if (client.defaultRedirectUri === undefined) {
      return htmlErrorPage(
        'Missing redirect_uri',
        `The authorize URL has no redirect_uri and '${clientId}' has no default redirect URI in the mock. ` +
          `Add redirect_uri=… matching one of: ${describePatterns(client)}.`,
      );
    }
    redirectUri = client.defaultRedirectUri;
  } else {
    if (!URL.canParse(requestedRedirect) || requestedRedirect.includes('#')) {
      return htmlErrorPage(
        'Invalid redirect_uri',
        `redirect_uri '${requestedRedirect}' must be an absolute URI without a fragment (RFC 6749 §3.1.2).`,
      );
    }
    if (!redirectUriAllowed(client, requestedRedirect)) {
      return htmlErrorPage(
        'redirect_uri not allowed',
        `redirect_uri '${requestedRedirect}' does not match the redirect URI patterns of '${clientId}' ` +
          `(${describePatterns(client)}). Register it on the credential (mock option credentials.*.redirectUris). ` +
          'Note: real IMS does not show this page; it silently redirects to the Default Redirect URI instead.',
      );
    }
    redirectUri = requestedRedirect;
  }

  const state = query.get('state') ?? undefined;
  const responseModeParam = query.get('response_mode') ?? 'query';
  const responseMode = responseModeParam === 'fragment' ? 'fragment' : 'query';
  const fail = (error: string, description: string) =>
    redirectTo(redirectUri, responseMode, { error, error_description: description, state });

  if (duplicate)
    return fail('invalid_request', `Parameter '${duplicate}' appears more than once; send it once.`);
  if (responseModeParam !== 'query' && responseModeParam !== 'fragment') {
    return fail(
      'invalid_request',
      `response_mode '${responseModeParam}' is not supported; use query or fragment.`,
    );
  }
  // IMS: response_type defaults to `code`.
  const responseType = query.get('response_type') ?? 'code';
  if (responseType !== 'code') {
    return fail(
      'unsupported_response_type',
      `response_type '${responseType}' is not supported by the mock; use response_type=code (authorization code flow).`,
    );
  }
  if (state !== undefined && state.length > 4096) {
    return fail(
      'invalid_request',
      'state is longer than the 4096 characters IMS accepts; send a shorter value.',
    );
  }

  const scopes = parseScopes(query.get('scope') ?? undefined);
  if (scopes.length === 0) {
    return fail(
      'invalid_scope',
      "No scope was requested; ask for e.g. 'openid AdobeID offline_access' (space or comma separated).",
    );
  }
  const refused = scopes.filter((scope) => !client.allowedScopes.includes(scope));
  if (refused.length > 0) {
    const s2sHint = refused.includes('frame.s2s.all')
      ? ' frame.s2s.all is for server-to-server credentials only.'
      : '';
    return fail(
      'invalid_scope',
      `'${clientId}' may not request ${refused.join(', ')}; allowed: ${client.allowedScopes.join(', ')}.${s2sHint}`,
    );
  }

  const codeChallenge = query.get('code_challenge') ?? undefined;
  const methodParam = query.get('code_challenge_method') ?? undefined;
  let codeChallengeMethod: 'S256' | 'plain' | undefined;
  if (codeChallenge === undefined) {
    if (methodParam !== undefined) {
      return fail(
        'invalid_request',
        'code_challenge_method was sent without code_challenge; send both (RFC 7636 §4.3).',
      );
    }
    if (client.clientSecret === undefined) {
      return fail(
        'invalid_request',
        `'${clientId}' is a public client and must use PKCE: send code_challenge and code_challenge_method=S256.`,
      );
    }
  } else {
    // IMS (UserAuthentication/ims.md) and RFC 7636 §4.3: the method defaults to `plain` when absent.
    const method = methodParam ?? 'plain';
    if (method !== 'S256' && method !== 'plain') {
      return fail(
        'invalid_request',
        `code_challenge_method '${method}' is not supported; use S256 (or plain).`,
      );
    }
    if (!isWellFormedPkceValue(codeChallenge)) {
      return fail(
        'invalid_request',
        'code_challenge must be 43-128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 §4.2); for S256 send ' +
          'BASE64URL(SHA256(verifier)) without padding.',
      );
    }
    codeChallengeMethod = method;
  }

  const loginHint = query.get('login_hint') ?? undefined;
  let hintedUser: MockUser | undefined;
  if (loginHint !== undefined && loginHint !== '') {
    hintedUser = findPerson(context, loginHint);
    if (!hintedUser) {
      const emails = [...context.state.users.values()].map((user) => user.email).join(', ');
      return fail(
        'invalid_request',
        `login_hint '${loginHint}' matches no mock user; use one of: ${emails}.`,
      );
    }
  }
  const nonce = query.get('nonce') ?? undefined;
  const prompt = query.get('prompt') ?? undefined;

  const mode = context.config.authorize;
  // prompt=none means "no UI": every mock user counts as signed in and consented, so answer at once.
  const showConsent =
    prompt !== 'none' &&
    (mode === 'consent' ||
      (mode === 'by-accept' && (request.headers.get('accept') ?? '').toLowerCase().includes('text/html')));

  if (!showConsent) {
    const code = issueCode(context, {
      client,
      user: hintedUser ?? context.state.defaultUser,
      scopes,
      redirectUri: requestedRedirect,
      codeChallenge,
      codeChallengeMethod,
      nonce,
    });
    return redirectTo(redirectUri, responseMode, { code, state });
  }

  const requestId = randomToken(16);
  context.state.addPendingAuthorization(requestId, {
    clientId,
    redirectUri,
    redirectUriWasSent: requestedRedirect !== undefined,
    responseMode,
    state,
    scopes,
    codeChallenge,
    codeChallengeMethod,
    nonce,
    suggestedUserId: hintedUser?.id,
    expiresAt: context.clock.now() + context.config.codeTtlMs,
  });
  return renderConsentPage({
    client,
    scopes,
    users: [...context.state.users.values()],
    selectedUserId: (hintedUser ?? context.state.defaultUser).id,
    requestId,
    action: `${context.config.imsBaseUrl}${CONSENT_PATH}`,
    redirectUri,
  });
}

/** `POST /ims/authorize/v2/consent`: the consent page's Approve / Deny. */
async function handleConsent({ request, context }: RouteArgs): Promise<Response> {
  const form = new URLSearchParams(await request.text());
  const pending = context.state.takePendingAuthorization(form.get('request_id') ?? '', context.clock.now());
  if (!pending) {
    return htmlErrorPage(
      'Sign-in request expired',
      'This sign-in request is unknown, expired or was already answered. Start again from the authorize URL.',
    );
  }
  const client = context.state.clients.get(pending.clientId);
  if (!client)
    return htmlErrorPage('Unknown client_id', `No credential has client_id '${pending.clientId}'.`);
  if (form.get('decision') === 'deny') {
    // RFC 6749 §4.1.2.1: the resource owner denied the request.
    return redirectTo(pending.redirectUri, pending.responseMode, {
      error: 'access_denied',
      error_description: 'The user denied the request.',
      state: pending.state,
    });
  }
  const chosen = form.get('user') ?? pending.suggestedUserId;
  const user = chosen ? context.state.users.get(chosen) : context.state.defaultUser;
  if (!user) {
    return htmlErrorPage(
      'Unknown user',
      `No mock user has id '${chosen ?? ''}'. Start again from the authorize URL.`,
    );
  }
  const code = issueCode(context, {
    client,
    user,
    scopes: pending.scopes,
    redirectUri: pending.redirectUriWasSent ? pending.redirectUri : undefined,
    codeChallenge: pending.codeChallenge,
    codeChallengeMethod: pending.codeChallengeMethod,
    nonce: pending.nonce,
  });
  return redirectTo(pending.redirectUri, pending.responseMode, { code, state: pending.state });
}

/** The authorize and consent routes. */
export function authorizeRoutes(): RouteDefinition[] {
  return [
    { host: 'ims', method: 'GET', path: AUTHORIZE_PATH, handle: handleAuthorize },
    { host: 'ims', method: 'POST', path: CONSENT_PATH, handle: handleConsent },
  ];
}
