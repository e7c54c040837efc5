/** What a secret is replaced with wherever an object holding one could be printed. */
export const REDACTED = '[redacted]';

/** The key Node's `util.inspect` looks up; `Symbol.for` keeps this module free of `node:` imports. */
const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Makes `target` print only `summarize()` in `JSON.stringify`, `util.inspect` / `console.log` and `String()`,
 * so objects that hold secrets (client secrets, token maps) cannot leak them when a test logs them.
 * The added methods are non-enumerable: spreading `{ ...target }` still copies the real fields.
 */
export function installSafeInspect<T extends object>(target: T, label: string, summarize: () => unknown): T {
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

/** Like {@link installSafeInspect}, printing the object's own fields with the `secretKeys` replaced. */
export function hideSecretFields<T extends object>(
  target: T,
  label: string,
  secretKeys: readonly (keyof T)[],
): T {
  return installSafeInspect(target, label, () => {
    const copy: Record<string, unknown> = {};
    // RegExp redirect-URI patterns would print as `{}` in JSON; show their source instead.
    for (const [key, value] of Object.entries(target)) {
      copy[key] = Array.isArray(value)
        ? value.map((item) => (item instanceof RegExp ? String(item) : item))
        : value;
    }
    for (const key of secretKeys) {
      if (copy[key as string] !== undefined) copy[key as string] = REDACTED;
    }
    return copy;
  });
}
