// @ts-check
export { cachedSpec, pullSpec, workspaceRoot } from './cache.js';
export { bumpFor, diffSpecs, renderDiffMarkdown, summaryLine } from './diff.js';
export { generateClient } from './generate.js';
export { HTTP_METHODS, listOperations } from './inventory.js';
export { createLock, lockDriftWarning, readLock, writeLock } from './lock.js';
export { applySpecPatches, StalePatchError, specPatches } from './patches.js';
export {
  DEFAULT_SPEC_URL,
  resolveSpec,
  SPEC_ENV_VAR,
  SpecResolutionError,
  sha256,
  specSource,
} from './resolve.js';
export { SpecUpdateTypecheckError, updateSpec } from './update.js';
