import type { RouteArgs, RouteDefinition } from '../route.js';
import { imsErrorResponse } from './errors.js';
import { authenticateClient, readOAuthParams } from './request.js';

/** Path of the revocation endpoint (IMS discovery: `revocation_endpoint`). */
export const REVOKE_PATH = '/ims/revoke';

/**
 * `POST /ims/revoke` (RFC 7009; Adobe UserAuthentication/ims.md: 200 with an empty body).
 * Revoking a refresh token revokes every token of its grant, access tokens included (RFC 7009 §2.1 "SHOULD");
 * revoking an access token revokes only that token. An unknown or already invalid token is a 200
 * (RFC 7009 §2.2). `token_type_hint` is optional and only a hint (§2.1), so both kinds are searched.
 */
async function handleRevoke({ request, context }: RouteArgs): Promise<Response> {
  const read = await readOAuthParams(request);
  if (!read.ok) return read.response;
  const auth = authenticateClient(context, request, read.params);
  if (!auth.ok) return auth.response;

  const token = read.params.get('token');
  if (!token)
    return imsErrorResponse('invalid_request', 'The token parameter is missing; send the token to revoke.');

  const record = context.state.findToken(token);
  if (record && record.clientId !== auth.client.clientId) {
    // RFC 7009 §2.1: the server verifies the token was issued to the client making the request.
    return imsErrorResponse(
      'unauthorized_client',
      'This token was issued to another client; revoke it with the credential that obtained it.',
    );
  }
  if (record && record.revokedAt === undefined) {
    const now = context.clock.now();
    if (record.kind === 'refresh_token') context.state.revokeGrant(record.grantId, now);
    else record.revokedAt = now;
  }
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
}

/** The revocation route. */
export function revokeRoutes(): RouteDefinition[] {
  return [{ host: 'ims', method: 'POST', path: REVOKE_PATH, handle: handleRevoke }];
}
