import { describe, expect, it } from 'vitest';
import {
  PENDING_SIGN_IN_KEY,
  returnToFor,
  savePendingSignIn,
  takePendingSignIn,
} from '../src/pending-sign-in.js';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe('pending sign-in', () => {
  it('hands back the state and verifier once: a second callback with the same tab finds nothing', () => {
    const storage = memoryStorage();
    savePendingSignIn(storage, { state: 's1', codeVerifier: 'v'.repeat(43), returnTo: '/?project=p1' });
    expect(takePendingSignIn(storage)).toEqual({
      state: 's1',
      codeVerifier: 'v'.repeat(43),
      returnTo: '/?project=p1',
    });
    expect(takePendingSignIn(storage)).toBeUndefined();
    expect(storage.values.size).toBe(0);
  });

  it('drops a corrupt or incomplete entry instead of throwing', () => {
    const storage = memoryStorage();
    storage.setItem(PENDING_SIGN_IN_KEY, '{not json');
    expect(takePendingSignIn(storage)).toBeUndefined();
    storage.setItem(PENDING_SIGN_IN_KEY, JSON.stringify({ state: 's1' }));
    expect(takePendingSignIn(storage)).toBeUndefined();
    expect(storage.values.size).toBe(0);
  });

  it.each(['//evil.example/path', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)'])(
    'returns to / instead of the off-site target %s',
    (returnTo) => {
      const storage = memoryStorage();
      savePendingSignIn(storage, { state: 's', codeVerifier: 'v', returnTo });
      expect(takePendingSignIn(storage)?.returnTo).toBe('/');
    },
  );

  it('signing in from the callback page (an error, a used code) comes back to / instead', () => {
    expect(returnToFor('/callback', '?error=access_denied&state=s1')).toBe('/');
    expect(returnToFor('/callback', '?code=used&state=s1')).toBe('/');
    expect(returnToFor('/', '?account=a1&project=p1')).toBe('/?account=a1&project=p1');
  });

  it.each(['/callback', '/callback?error=access_denied', '/callback?code=used&state=s1', '/callback#x'])(
    'never returns to the callback page %s, even from an entry saved by an older version',
    (returnTo) => {
      const storage = memoryStorage();
      savePendingSignIn(storage, { state: 's', codeVerifier: 'v', returnTo });
      expect(takePendingSignIn(storage)?.returnTo).toBe('/');
    },
  );
});
