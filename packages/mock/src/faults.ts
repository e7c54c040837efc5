import type { RandomSource } from './random.js';

/** Which side of the emulator a request went to. */
export type MockHost = 'ims' | 'api';

/** OAuth / IMS error codes a fault can answer with (RFC 6749 §5.2, §4.1.2.1; RFC 7009 §2.2.1). */
export type ImsErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'unsupported_token_type'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable';

/** Which requests a fault rule applies to; every given field must match, an empty object matches all. */
export interface FaultMatch {
  host?: MockHost;
  /** HTTP method, case-insensitive. */
  method?: string;
  /**
   * Path relative to the base URL: a template (`'/ims/token/v3'`, `'/v4/accounts/:account_id/projects'`,
   * `{account_id}` works too, a trailing `*` matches the rest) or a RegExp tested against the path.
   */
  path?: string | RegExp;
  /** Token endpoint requests with this `grant_type` only. */
  grantType?: string;
}

/** What happens instead of (or, for `delay`, before) the emulator's normal answer. */
export type Fault =
  /** Waits `ms`, then lets later rules or the emulator answer. */
  | { kind: 'delay'; ms: number }
  /** An error status with an IMS- or V4-shaped body (or `body`); `retryAfter` sets `Retry-After`. */
  | {
      kind: 'status';
      status: 500 | 502 | 503 | 504 | 429;
      retryAfter?: number | string;
      body?: string | Record<string, unknown>;
    }
  /** Drops the connection: a network error for fetch (msw), a destroyed socket for the HTTP server. */
  | { kind: 'reset' }
  /** An IMS error body `{ error, error_description }`; status defaults to 401 for invalid_client, else 400. */
  | { kind: 'ims-error'; error: ImsErrorCode; status?: number; description?: string }
  /** An HTML body, as a proxy or gateway error page would send. */
  | { kind: 'non-json'; status: number; body?: string };

/** One fault-injection rule for {@link FaultRegistry.add}. */
export interface FaultRule {
  match: FaultMatch;
  fault: Fault;
  /** How many matching requests it applies to (default 1; `Infinity` for always). */
  times?: number;
  /** Chance (0..1) it applies to each matching request, drawn from the mock's `random` (default 1). */
  probability?: number;
}

/** A rule that was added; `hits` counts the requests it answered. */
export interface ActiveFault {
  readonly rule: Readonly<FaultRule>;
  readonly hits: number;
  /** How many more requests it will answer. */
  readonly remaining: number;
  /** Stops the rule from applying. */
  remove(): void;
}

/** Adds and clears fault-injection rules; shared by every IMS and API route. */
export interface FaultRegistry {
  /** Adds a rule; rules apply in the order they were added. */
  add(rule: FaultRule): ActiveFault;
  /** Removes every rule. */
  clear(): void;
  /** The rules that can still apply. */
  list(): readonly ActiveFault[];
}

/** The request a rule is matched against. */
export interface FaultTarget {
  host: MockHost;
  method: string;
  /** Path relative to the host's base URL. */
  path: string;
  grantType: string | undefined;
}

/** @internal What the route layer applies: every matching delay, then at most one answering fault. */
export interface FaultDecision {
  delays: number[];
  answer: Exclude<Fault, { kind: 'delay' }> | undefined;
}

/** @internal The registry plus the lookup the route layer uses. */
export interface FaultEngine extends FaultRegistry {
  take(target: FaultTarget): FaultDecision;
}

const INJECTABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

function validateRule(rule: FaultRule): void {
  const { fault, times = 1, probability = 1 } = rule;
  if (!rule.match || typeof rule.match !== 'object') {
    throw new TypeError('Fault rule needs a `match` object; use `match: {}` to match every request.');
  }
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw new RangeError(
      `Fault rule \`times\` must be a positive integer or Infinity, got ${String(times)}.`,
    );
  }
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`Fault rule \`probability\` must be between 0 and 1, got ${String(probability)}.`);
  }
  if (typeof rule.match.path === 'string' && !rule.match.path.startsWith('/')) {
    throw new TypeError(`Fault rule path '${rule.match.path}' must start with '/', e.g. '/ims/token/v3'.`);
  }
  switch (fault.kind) {
    case 'delay':
      if (!Number.isFinite(fault.ms) || fault.ms < 0) {
        throw new RangeError(`A delay fault needs \`ms\` >= 0, got ${String(fault.ms)}.`);
      }
      return;
    case 'status':
      if (!INJECTABLE_STATUSES.has(fault.status)) {
        throw new RangeError(
          `A status fault takes 429, 500, 502, 503 or 504, got ${String(fault.status)}; ` +
            "use kind 'ims-error' for OAuth errors.",
        );
      }
      return;
    case 'ims-error':
    case 'non-json': {
      const { status } = fault;
      if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
        throw new RangeError(`A ${fault.kind} fault status must be 400..599, got ${String(status)}.`);
      }
      return;
    }
    case 'reset':
      return;
    default:
      throw new TypeError(
        `Unknown fault kind '${String((fault as { kind?: unknown }).kind)}'; ` +
          "use 'delay', 'status', 'reset', 'ims-error' or 'non-json'.",
      );
  }
}

/**
 * Whether `path` fits `template`: literal segments must be equal, `:name` / `{name}` segments match any one
 * segment, a final `*` matches the rest.
 */
export function matchPathTemplate(template: string, path: string): boolean {
  const templateSegments = template.split('/');
  const pathSegments = path.split('/');
  for (let index = 0; index < templateSegments.length; index++) {
    const expected = templateSegments[index] as string;
    if (expected === '*' && index === templateSegments.length - 1) return true;
    const actual = pathSegments[index];
    if (actual === undefined) return false;
    if (expected.startsWith(':') || /^\{[^}]+\}$/.test(expected)) {
      if (actual === '') return false;
      continue;
    }
    if (expected !== actual && expected !== safeDecode(actual)) return false;
  }
  return templateSegments.length === pathSegments.length;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matches(match: FaultMatch, target: FaultTarget): boolean {
  if (match.host !== undefined && match.host !== target.host) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (match.grantType !== undefined && match.grantType !== target.grantType) return false;
  if (match.path instanceof RegExp) {
    match.path.lastIndex = 0;
    if (!match.path.test(target.path)) return false;
  } else if (match.path !== undefined && !matchPathTemplate(match.path, target.path)) {
    return false;
  }
  return true;
}

interface Slot {
  rule: FaultRule;
  hits: number;
  remaining: number;
  removed: boolean;
}

/** @internal Builds the fault registry; `random` decides `probability` rules. */
export function createFaultEngine(random: RandomSource): FaultEngine {
  let slots: Slot[] = [];
  const view = (slot: Slot): ActiveFault => ({
    rule: slot.rule,
    get hits() {
      return slot.hits;
    },
    get remaining() {
      return slot.removed ? 0 : slot.remaining;
    },
    remove() {
      slot.removed = true;
      slots = slots.filter((candidate) => candidate !== slot);
    },
  });

  return {
    add(rule) {
      validateRule(rule);
      const slot: Slot = { rule: { ...rule }, hits: 0, remaining: rule.times ?? 1, removed: false };
      slots.push(slot);
      return view(slot);
    },
    clear() {
      for (const slot of slots) slot.removed = true;
      slots = [];
    },
    list() {
      return slots.filter((slot) => slot.remaining > 0).map(view);
    },
    take(target) {
      const decision: FaultDecision = { delays: [], answer: undefined };
      for (const slot of slots) {
        if (slot.remaining <= 0 || !matches(slot.rule.match, target)) continue;
        const probability = slot.rule.probability ?? 1;
        // Always draw for a probabilistic rule so a seeded sequence does not depend on other rules.
        if (probability < 1 && !(random() < probability)) continue;
        slot.remaining--;
        slot.hits++;
        const { fault } = slot.rule;
        if (fault.kind === 'delay') {
          decision.delays.push(fault.ms);
          continue;
        }
        decision.answer = fault;
        break;
      }
      slots = slots.filter((slot) => slot.remaining > 0);
      return decision;
    },
  };
}
