import type { StartWebAppOptions } from './app.js';

/**
 * Reads the app's settings from environment variables: `FRAMEIO_CLIENT_ID`, `FRAMEIO_CLIENT_SECRET` and
 * `FRAMEIO_REDIRECT_URI` (all three, or none for the emulator), `PORT` (default 3000), `HOST`,
 * `SESSION_SECRET`, and optionally `FRAMEIO_IMS_BASE_URL` / `FRAMEIO_API_BASE_URL`.
 *
 * @throws {Error} when only some of the credential variables are set, or `PORT` is not a port number.
 */
export function optionsFromEnvironment(env: NodeJS.ProcessEnv): StartWebAppOptions {
  const names = ['FRAMEIO_CLIENT_ID', 'FRAMEIO_CLIENT_SECRET', 'FRAMEIO_REDIRECT_URI'] as const;
  const present = names.filter((name) => env[name]);
  if (present.length > 0 && present.length < names.length) {
    const missing = names.filter((name) => !env[name]);
    throw new Error(
      `Set ${missing.join(' and ')} too (the OAuth Web App credential from the Adobe Developer Console), or ` +
        'unset all of FRAMEIO_CLIENT_ID, FRAMEIO_CLIENT_SECRET and FRAMEIO_REDIRECT_URI to use the emulator.',
    );
  }
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new Error(`PORT must be a port number from 0 to 65535, got "${portText}".`);
  }
  const options: StartWebAppOptions = { port };
  if (env.HOST) options.host = env.HOST;
  if (env.SESSION_SECRET) options.sessionSecret = env.SESSION_SECRET;
  if (present.length === names.length) {
    options.clientId = env.FRAMEIO_CLIENT_ID;
    options.clientSecret = env.FRAMEIO_CLIENT_SECRET;
    options.redirectUri = env.FRAMEIO_REDIRECT_URI;
    if (env.FRAMEIO_IMS_BASE_URL) options.imsBaseUrl = env.FRAMEIO_IMS_BASE_URL;
    if (env.FRAMEIO_API_BASE_URL) options.apiBaseUrl = env.FRAMEIO_API_BASE_URL;
  }
  return options;
}
