export { type MockServer, type StartMockServerOptions, startMockServer } from './server.js';
