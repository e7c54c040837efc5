import type { MockClock } from './clock.js';
import type { ResolvedConfig } from './config.js';
import type { FaultEngine } from './faults.js';
import type { JwtSigner } from './jwt.js';
import type { RandomSource } from './random.js';
import type { MockState } from './state.js';

/**
 * Everything a route handler may use. One instance per mock, shared by the IMS and API routes, so state,
 * time and faults are consistent across both hosts.
 */
export interface MockContext {
  readonly config: ResolvedConfig;
  readonly state: MockState;
  readonly clock: MockClock;
  readonly faults: FaultEngine;
  readonly random: RandomSource;
  readonly sleep: (ms: number) => Promise<void>;
  readonly signer: JwtSigner;
}
