import { inspect } from 'node:util';
import { expect, test } from 'vitest';
import { authorize, pkcePair, redirectParams, useMsw, webAppTokens } from './support.js';

const { startMock } = useMsw();

test('no secret appears when the mock, its state, credentials or records are printed', async () => {
  const mock = startMock();
  const tokens = await webAppTokens(mock);
  const { challenge } = await pkcePair();
  const code = redirectParams(
    await authorize(mock.imsBaseUrl, {
      client_id: mock.credentials.spa.clientId,
      redirect_uri: 'https://app.example/cb',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
  ).get('code') as string;

  const secrets = [
    mock.credentials.serverToServer.clientSecret,
    mock.credentials.webApp.clientSecret,
    mock.credentials.legacyToken,
    tokens.body.access_token,
    tokens.body.refresh_token,
    code,
  ];
  const printable = [
    mock,
    mock.state,
    mock.credentials,
    mock.credentials.webApp,
    mock.credentials.serverToServer,
    [...mock.state.clients.values()],
    mock.state.accessTokens(),
    mock.state.refreshTokens(),
    mock.state.authorizationCodes(),
    mock.state.requests,
  ];
  for (const value of printable) {
    const outputs = [inspect(value, { depth: 10 }), JSON.stringify(value), String(value)];
    for (const output of outputs) {
      for (const secret of secrets) expect(output).not.toContain(secret);
    }
  }
  // Spreading still gives the real values, e.g. to configure an SDK under test.
  expect({ ...mock.credentials.webApp }.clientSecret).toBe('mock-webapp-secret');
});
