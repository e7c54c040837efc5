// Node-only entry (`@frameio-v4/auth-pkce/node`): the loopback login for CLIs and desktop apps.
export {
  DEFAULT_LOOPBACK_TIMEOUT_MS,
  type LoopbackLoginOptions,
  type LoopbackLoginResult,
  LoopbackTimeoutError,
  loginWithLoopback,
} from './loopback.js';
