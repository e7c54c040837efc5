// Node-only entry (`@frameio-v4/auth-core/node`): code that needs `node:` modules.
export { FileTokenStore, type FileTokenStoreOptions } from './file-token-store.js';
