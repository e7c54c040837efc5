import type { MockContext } from '../context.js';
import type { RouteDefinition } from '../route.js';
import { AUTHORIZE_PATH, authorizeRoutes } from './authorize.js';
import { REVOKE_PATH, revokeRoutes } from './revoke.js';
import { TOKEN_PATH, tokenRoutes } from './token.js';

/**
 * `GET /ims/.well-known/openid-configuration`, like IMS's discovery document (Adobe
 * UserAuthentication/ims.md) but pointing at the emulator. `issuer` is the emulator's IMS base URL.
 */
function discoveryRoute(): RouteDefinition {
  return {
    host: 'ims',
    method: 'GET',
    path: '/ims/.well-known/openid-configuration',
    handle: ({ context }: { context: MockContext }) => {
      const base = context.config.imsBaseUrl;
      const scopes = new Set([...context.state.clients.values()].flatMap((client) => client.allowedScopes));
      return Response.json({
        issuer: base,
        authorization_endpoint: `${base}${AUTHORIZE_PATH}`,
        token_endpoint: `${base}${TOKEN_PATH}`,
        revocation_endpoint: `${base}${REVOKE_PATH}`,
        response_types_supported: ['code'],
        response_modes_supported: ['query', 'fragment'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        code_challenge_methods_supported: ['S256', 'plain'],
        scopes_supported: [...scopes],
      });
    },
  };
}

/** Every IMS route of the emulator. */
export function imsRoutes(): RouteDefinition[] {
  return [...authorizeRoutes(), ...tokenRoutes(), ...revokeRoutes(), discoveryRoute()];
}
