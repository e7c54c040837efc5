import type { StorageLike } from '@frameio-v4/auth-pkce';

/** Where IMS redirects back to: the path of the redirect URI (`redirectUriFor`). */
export const CALLBACK_PATH = '/callback';

/** sessionStorage key of the sign-in in progress (it must survive the round trip to IMS). */
export const PENDING_SIGN_IN_KEY = 'frameio-spa:pending-sign-in';

/** What the app keeps between "Sign in" and the `/callback` redirect. The verifier is a secret. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  /** Where to go back to after signing in (path + query of the page the user was on). */
  returnTo: string;
}

/**
 * The page to come back to after signing in from `pathname` + `search`. Never the callback itself: its query
 * holds an error or a used code, which would show a stale error after the next sign-in.
 */
export function returnToFor(pathname: string, search: string): string {
  return pathname === CALLBACK_PATH ? '/' : `${pathname}${search}`;
}

/** Whether a `returnTo` points at the callback page (whatever its query or fragment). */
function isCallback(returnTo: string): boolean {
  return returnTo.split(/[?#]/, 1)[0] === CALLBACK_PATH;
}

/** Keeps the PKCE verifier and `state` until IMS redirects back (RFC 7636 §4.1, RFC 6749 §10.12). */
export function savePendingSignIn(storage: StorageLike, pending: PendingSignIn): void {
  storage.setItem(PENDING_SIGN_IN_KEY, JSON.stringify(pending));
}

/**
 * Reads and removes the pending sign-in: a verifier is used once, whether the exchange works or not.
 * Returns `undefined` when there is none or it is malformed (e.g. the callback was opened in another tab).
 */
export function takePendingSignIn(storage: StorageLike): PendingSignIn | undefined {
  const raw = storage.getItem(PENDING_SIGN_IN_KEY);
  storage.removeItem(PENDING_SIGN_IN_KEY);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<PendingSignIn>;
    if (typeof value.state !== 'string' || typeof value.codeVerifier !== 'string') return undefined;
    // Same-origin paths only: `//host` would be protocol-relative, i.e. another site. Never the callback
    // (an entry saved before returnToFor existed could name it).
    const returnTo =
      typeof value.returnTo === 'string' && /^\/(?![/\\])/.test(value.returnTo) && !isCallback(value.returnTo)
        ? value.returnTo
        : '/';
    return { state: value.state, codeVerifier: value.codeVerifier, returnTo };
  } catch {
    return undefined;
  }
}
