#!/usr/bin/env node
// `node dist/main.js`: starts the web app. With FRAMEIO_CLIENT_ID, FRAMEIO_CLIENT_SECRET and
// FRAMEIO_REDIRECT_URI it targets real Adobe IMS and the real Frame.io API; otherwise the in-process emulator.
import { startWebApp } from './app.js';
import { optionsFromEnvironment } from './config.js';

try {
  const options = optionsFromEnvironment(process.env);
  const running = await startWebApp(options);
  if (running.emulator) {
    console.info(`Emulator (Adobe IMS + Frame.io V4 API, demo data): ${running.emulator.url}`);
  }
  console.info(`Web app: ${running.url}  (Ctrl+C to stop)`);
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
