/** What a secret is replaced with wherever it could be shown. */
export const REDACTED = '[redacted]';

/**
 * Returns a placeholder for a secret, so code that builds a log line or summary never has to touch the value.
 * Only whether a secret is present is kept: `redact(undefined)` is `undefined`.
 */
export function redact(secret: string | undefined | null): string | undefined {
  return secret === undefined || secret === null ? undefined : REDACTED;
}

/** Secrets shorter than this are only scrubbed where they stand alone, not inside longer words. */
const SHORT_SECRET_LENGTH = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of each secret in `text` with `[redacted]`, including the URL-encoded forms a
 * server may echo back: `encodeURIComponent`'s and a form body's (which also escapes `~ ! ' ( )`), each with
 * `+` or `%20` for spaces. Empty or missing secrets are skipped, and longer secrets are replaced first so
 * one that contains another is not left half-scrubbed.
 *
 * Secrets shorter than 8 characters (real client secrets, codes and tokens are much longer) are replaced
 * only where they are not part of a longer word, so a secret `s` does not turn every word containing an "s"
 * into noise.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    variants.add(secret);
    const uriEncoded = encodeURIComponent(secret);
    variants.add(uriEncoded);
    variants.add(uriEncoded.replace(/%20/g, '+'));
    // A form body (application/x-www-form-urlencoded, as URLSearchParams writes it) also escapes ~ ! ' ( )
    // and turns spaces into '+': https://url.spec.whatwg.org/#urlencoded-serializing
    const formEncoded = new URLSearchParams({ s: secret }).toString().slice(2);
    variants.add(formEncoded);
    variants.add(formEncoded.replace(/\+/g, '%20'));
  }
  let scrubbed = text;
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    scrubbed =
      variant.length >= SHORT_SECRET_LENGTH
        ? scrubbed.split(variant).join(REDACTED)
        : scrubbed.replace(
            new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(variant)}(?![\\p{L}\\p{N}])`, 'gu'),
            REDACTED,
          );
  }
  return scrubbed;
}

/** The key Node's `util.inspect` looks up; `Symbol.for` keeps this module free of `node:` imports. */
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Makes `target` print only `summarize()` in `JSON.stringify`, `util.inspect` / `console.log` and
 * `String(target)`, so an object holding secrets in closures or `#private` fields cannot leak them through
 * serialisation. The methods are non-enumerable and `summarize` must return only safe values.
 *
 * @param label Prefix for `String(target)`, e.g. the class name.
 */
export function installSafeInspect<T extends object>(
  target: T,
  summarize: () => Record<string, unknown>,
  label: string = target.constructor?.name ?? 'Object',
): T {
  Object.defineProperties(target, {
    toJSON: { value: () => summarize(), configurable: true, writable: true, enumerable: false },
    [INSPECT_CUSTOM]: { value: () => summarize(), configurable: true, writable: true, enumerable: false },
    toString: {
      value: () => `${label} ${JSON.stringify(summarize())}`,
      configurable: true,
      writable: true,
      enumerable: false,
    },
  });
  return target;
}
