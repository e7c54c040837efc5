import type { AccessToken, GetTokenOptions, TokenSource } from '@frameio-v4/auth-core';
import { vi } from 'vitest';

/**
 * A refreshable TokenSource: hands out `tokens[0]` until invalidated or force-refreshed, then the next one
 * (like a cache in front of an OAuth refresh). Records every call.
 */
export function rotatingTokenSource(tokens: readonly string[], headers?: Record<string, string>) {
  let index = 0;
  const current = (): AccessToken => {
    const token = tokens[Math.min(index, tokens.length - 1)] as string;
    return headers ? { token, headers } : { token };
  };
  let cached: AccessToken = current();
  const getToken = vi.fn(async (options: GetTokenOptions = {}): Promise<AccessToken> => {
    if (options.forceRefresh) {
      index += 1;
      cached = current();
    }
    return cached;
  });
  // Compare-and-invalidate, as the TokenSource contract says: only the current token moves the source on.
  const invalidate = vi.fn((token: AccessToken): void => {
    if (token.token !== cached.token) return;
    index += 1;
    cached = current();
  });
  const source: TokenSource = { getToken, invalidate };
  return { source, getToken, invalidate };
}
