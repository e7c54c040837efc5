import type { MockClient } from '../config.js';
import type { MockContext } from '../context.js';
import { base64UrlDecode, constantTimeEqual } from '../random.js';
import { imsErrorResponse } from './errors.js';

/** Parsed OAuth parameters, or the error response to send instead. */
export type ParamsResult = { ok: true; params: Map<string, string> } | { ok: false; response: Response };

/**
 * Reads token / revoke parameters. IMS takes them in the form body or the query string (Adobe
 * UserAuthentication/ims.md); the body must be `application/x-www-form-urlencoded` (RFC 6749 §4.1.3) and no
 * parameter may appear twice (RFC 6749 §3.2). Error texts name parameters, never their values.
 */
export async function readOAuthParams(request: Request): Promise<ParamsResult> {
  const params = new Map<string, string>();
  const add = (name: string, value: string): string | undefined => {
    if (params.has(name)) return name;
    params.set(name, value);
    return undefined;
  };
  const fail = (description: string): ParamsResult => ({
    ok: false,
    response: imsErrorResponse('invalid_request', description),
  });

  for (const [name, value] of new URL(request.url).searchParams) {
    const duplicate = add(name, value);
    if (duplicate) return fail(`Parameter '${duplicate}' appears more than once; send each parameter once.`);
  }

  const body = await request.text();
  if (body.trim() !== '') {
    const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      return fail(
        `The body was sent as '${contentType || 'no content type'}'; send it as ` +
          'application/x-www-form-urlencoded (RFC 6749 §4.1.3), e.g. with URLSearchParams.',
      );
    }
    for (const [name, value] of new URLSearchParams(body)) {
      const duplicate = add(name, value);
      if (duplicate) {
        return fail(
          `Parameter '${duplicate}' appears more than once (query and body count together); send it once.`,
        );
      }
    }
  }
  return { ok: true, params };
}

/** How the client proved who it is (RFC 6749 §2.3.1; `none` for public clients). */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** The authenticated client, or the error response to send instead. */
export type ClientAuthResult =
  | { ok: true; client: MockClient; method: ClientAuthMethod }
  | { ok: false; response: Response };

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before they go into the Basic header. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function parseBasic(header: string): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = base64UrlDecode(match[1].replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  if (decoded === undefined) return undefined;
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  return clientId === undefined || clientSecret === undefined ? undefined : { clientId, clientSecret };
}

/**
 * Authenticates the client of a token or revoke request: `client_secret_basic` (Authorization header) or
 * `client_secret_post` (body), as IMS's discovery document lists, or `client_id` alone for public clients.
 * RFC 6749 §2.3: a client must not use more than one method in a request.
 */
export function authenticateClient(
  context: MockContext,
  request: Request,
  params: Map<string, string>,
): ClientAuthResult {
  const fail = (description: string, basic = false): ClientAuthResult => ({
    ok: false,
    response: imsErrorResponse('invalid_client', description, { basicChallenge: basic }),
  });
  const authorization = request.headers.get('authorization');
  const bodyClientId = params.get('client_id');
  const bodySecret = params.get('client_secret');

  let clientId: string | undefined;
  let secret: string | undefined;
  let method: ClientAuthMethod;
  if (authorization !== null && /^Basic\b/i.test(authorization)) {
    const basic = parseBasic(authorization);
    if (!basic) {
      return fail(
        'The Authorization header is not valid Basic credentials; send ' +
          "'Basic ' + base64(urlencode(client_id) + ':' + urlencode(client_secret)) (RFC 6749 §2.3.1).",
        true,
      );
    }
    if (bodySecret !== undefined) {
      return {
        ok: false,
        response: imsErrorResponse(
          'invalid_request',
          'The client authenticated twice (Basic header and client_secret parameter); use one method (RFC 6749 §2.3).',
        ),
      };
    }
    if (bodyClientId !== undefined && bodyClientId !== basic.clientId) {
      return fail(
        'client_id in the parameters differs from the one in the Basic header; send the same id.',
        true,
      );
    }
    ({ clientId, clientSecret: secret } = basic);
    method = 'client_secret_basic';
  } else {
    clientId = bodyClientId;
    secret = bodySecret;
    method = secret === undefined ? 'none' : 'client_secret_post';
  }

  if (clientId === undefined || clientId === '') {
    return fail(
      'No client identification: send client_id (public clients), or authenticate with Basic or ' +
        'client_id + client_secret (confidential clients).',
    );
  }
  const client = context.state.clients.get(clientId);
  if (!client) {
    return fail(
      `Unknown client_id '${clientId}'; use a client id from mock.credentials.`,
      method === 'client_secret_basic',
    );
  }
  if (client.clientSecret === undefined) {
    // Some libraries send public clients as Basic with an empty password; that carries no secret.
    if (secret !== undefined && !(method === 'client_secret_basic' && secret === '')) {
      return fail(
        `Client '${clientId}' is a public client (SPA / Native App) and has no secret; send client_id only and use PKCE.`,
        method === 'client_secret_basic',
      );
    }
    return { ok: true, client, method: 'none' };
  }
  if (secret === undefined) {
    return fail(
      `Client '${clientId}' is confidential: authenticate with an Authorization: Basic header or a client_secret parameter.`,
    );
  }
  if (!constantTimeEqual(secret, client.clientSecret)) {
    return fail(
      `The client secret for '${clientId}' is wrong; check the credential's client secret.`,
      method === 'client_secret_basic',
    );
  }
  return { ok: true, client, method };
}
