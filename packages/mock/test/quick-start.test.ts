import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMockHandlers } from '../src/index.js';

// The README's first example, verbatim in spirit: default handlers, default demo credentials.
const server = setupServer(...createMockHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('createMockHandlers() serves the demo S2S credential and /v4/me on the real hosts', async () => {
  const tokenResponse = await fetch('https://ims-na1.adobelogin.com/ims/token/v3', {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'mock-s2s-client',
      client_secret: 'mock-s2s-secret',
      scope: 'openid,AdobeID,frame.s2s.all',
    }),
  });
  const { access_token } = await tokenResponse.json();
  const me = await fetch('https://api.frame.io/v4/me', {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(me.status).toBe(200);
  expect((await me.json()).data.name).toBe('Mock S2S technical account');
});
