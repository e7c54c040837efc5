import { type AccessToken, revokeImsToken } from '@frameio-v4/auth-core';
import type { CommandContext } from '../context.js';
import {
  loginClientId,
  loginStoreKey,
  selectAuthKind,
  serverToServer,
  serverToServerCredentials,
  storedLogin,
  tokenStore,
} from '../credentials.js';
import { UsageError } from '../errors.js';

/**
 * `fio logout`: revokes the stored sign-in at Adobe IMS (RFC 7009) and deletes it. The local delete happens
 * even when IMS cannot be reached; that error is reported afterwards. With `--s2s`, the cached
 * server-to-server token is forgotten and revoked instead.
 */
export async function logout(context: CommandContext): Promise<void> {
  const { config, stdout, signal } = context;
  const kind = selectAuthKind(context.options, context.env);
  if (kind === 'legacy-token') {
    throw new UsageError(
      'a legacy developer token is not signed in by fio, so there is nothing to sign out: unset FRAMEIO_TOKEN ' +
        '(and revoke the token in the Frame.io developer settings if it leaked)',
      'logout',
    );
  }
  if (kind === 's2s') {
    await forgetServerToServerToken(context);
    return;
  }
  const clientId = loginClientId(config);
  const signedIn = (await tokenStore(config).get(loginStoreKey(config, clientId))) !== undefined;
  if (!signedIn) {
    stdout.write(`Not signed in (client ${clientId}, IMS ${config.imsBase}): nothing to do.\n`);
    return;
  }
  try {
    await storedLogin(config, clientId).revoke({ signal });
  } catch (error) {
    // The tokens are gone from this machine already; say so before the IMS error is reported.
    context.stderr.write(
      'Signed out on this machine (tokens deleted), but Adobe IMS did not confirm the revocation.\n',
    );
    throw error;
  }
  stdout.write(`Signed out: the tokens were revoked at Adobe IMS and deleted from ${config.configDir}.\n`);
}

async function forgetServerToServerToken(context: CommandContext): Promise<void> {
  const { config, env, options, stdout, signal } = context;
  const { clientSecret } = serverToServerCredentials(env, options);
  const auth = serverToServer(config, env, options);
  const store = tokenStore<AccessToken>(config);
  const cached = await store.get(auth.storeKey);
  if (!cached) {
    stdout.write(`No cached server-to-server token for client ${auth.clientId}: nothing to do.\n`);
    return;
  }
  await store.delete(auth.storeKey);
  try {
    // RFC 7009 §2.1: a confidential client authenticates to revoke; IMS answers 200 for unknown tokens too.
    await revokeImsToken({
      token: cached.token,
      tokenTypeHint: 'access_token',
      client: { clientId: auth.clientId, clientSecret, authMethod: 'client_secret_post' },
      imsBaseUrl: config.imsBase,
      signal,
    });
  } catch (error) {
    // The token is gone from this machine already; say so before the IMS error is reported.
    context.stderr.write(
      `Forgot the cached server-to-server token for client ${auth.clientId} on this machine, but Adobe IMS ` +
        'did not confirm the revocation (such tokens usually expire within 24 hours).\n',
    );
    throw error;
  }
  stdout.write(`Forgot and revoked the cached server-to-server token for client ${auth.clientId}.\n`);
}
