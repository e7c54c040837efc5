import { unwrap } from '@frameio-v4/api';
import { loginWithLoopback } from '@frameio-v4/auth-pkce/node';
import { apiClient, type CommandContext } from '../context.js';
import {
  DEFAULT_LOGIN_SCOPES,
  loginClientId,
  loginStoreKey,
  secretsIn,
  storedLogin,
  tokenStore,
} from '../credentials.js';
import { UsageError } from '../errors.js';
import { formatTimestamp } from '../format.js';
import { describeError } from '../report-error.js';

/**
 * Signs out the sign-in a new `fio login` is about to replace: overwriting its tokens without revoking them
 * would leave a live grant at IMS, unused, until its refresh token expires (14 days). A failure only warns:
 * the tokens are deleted here either way, and the new sign-in should not depend on IMS accepting the old one.
 */
async function revokePreviousLogin(context: CommandContext, clientId: string): Promise<void> {
  const { config, stderr, signal } = context;
  if ((await tokenStore(config).get(loginStoreKey(config, clientId))) === undefined) return;
  try {
    await storedLogin(config, clientId).revoke({ signal });
    stderr.write('Signed out the previous sign-in (its tokens were revoked at Adobe IMS).\n');
  } catch (error) {
    if (signal.aborted) throw error;
    const { message } = describeError(error, {
      apiBase: config.apiBase,
      imsBase: config.imsBase,
      authKind: 'login',
      secrets: secretsIn(context.env),
      interrupted: false,
    });
    // The first line says why; the rest is advice for a command that failed, and this one goes on.
    const why = message.split('\n')[0];
    stderr.write(
      `warning: Adobe IMS did not confirm the revocation of the previous sign-in (${why}). It was forgotten ` +
        'on this machine and expires on its own; you can also remove the app at account.adobe.com → ' +
        'Connected applications. Continuing with the new sign-in.\n',
    );
  }
}

/**
 * `fio login`: the authorization code flow with PKCE through the system browser and a loopback redirect
 * (RFC 8252 §7.3), then `GET /v4/me` to show who signed in. The tokens go to the config directory; a previous
 * sign-in (same IMS and client) is revoked first (RFC 7009).
 */
export async function login(context: CommandContext): Promise<void> {
  const { config, options, stderr, stdout, signal } = context;
  if (options.s2s || options.legacyToken) {
    throw new UsageError(
      '`fio login` signs a user in; --s2s and --legacy-token need no login: pass them to the other commands',
      'login',
    );
  }
  const clientId = loginClientId(config);
  const scopes = options.scopes ?? DEFAULT_LOGIN_SCOPES;
  await revokePreviousLogin(context, clientId);
  const { auth, session } = await loginWithLoopback({
    clientId,
    scopes,
    imsBaseUrl: config.imsBase,
    store: tokenStore(config),
    storeKey: loginStoreKey(config, clientId),
    // Without a browser (or when it cannot be opened) the library prints the URL to stderr.
    openBrowser: !options.noBrowser,
    signal,
    onAuthorizationUrl: () => {
      stderr.write(
        options.noBrowser
          ? 'Waiting for the sign-in with Adobe to finish (Ctrl+C to cancel).\n'
          : 'Opening the Adobe sign-in page in your browser; waiting for it to finish (Ctrl+C to cancel).\n',
      );
    },
  });
  const me = await unwrap(apiClient(context, auth).GET('/v4/me', { signal }));
  stdout.write(`Signed in as ${me.data.name} <${me.data.email}> (user ${me.data.id}).\n`);
  if (session.refreshable) {
    stderr.write(
      `The sign-in is kept in ${config.configDir} and renewed automatically; \`fio logout\` ends it.\n`,
    );
  } else {
    const until =
      session.expiresAt === undefined
        ? 'when it expires'
        : `after ${formatTimestamp(new Date(session.expiresAt).toISOString())}`;
    stderr.write(
      `The sign-in is kept in ${config.configDir}. This credential gets no refresh token: run \`fio login\` ` +
        `again ${until}.\n`,
    );
  }
}
