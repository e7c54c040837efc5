// Re-exported so the tests take the API origin, fixtures and the server from one place.
export { useMswServer } from '@frameio-v4/test-support/msw';

/** The API origin the tests mock. */
export const API = 'https://api.frame.io';

/** A `/v4/me` body. */
export const ME = { data: { id: 'user-1', name: 'Ada', email: 'ada@example.com', avatar_url: null } };
