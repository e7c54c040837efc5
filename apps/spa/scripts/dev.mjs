// Zero-configuration development: the Frame.io V4 + Adobe IMS emulator on 127.0.0.1:8787 (what the app's
// defaults point at) plus the Vite dev server. With VITE_FRAMEIO_CLIENT_ID or VITE_FRAMEIO_API_BASE set, the
// app talks to that service instead and no emulator is started.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const EMULATOR_PORT = 8787;
const appDir = fileURLToPath(new URL('..', import.meta.url));
const usesEmulator = !process.env.VITE_FRAMEIO_CLIENT_ID && !process.env.VITE_FRAMEIO_API_BASE;

let emulator;
if (usesEmulator) {
  let startMockServer;
  try {
    ({ startMockServer } = await import('@frameio-v4/mock/node'));
  } catch {
    console.error(
      'The emulator is not built. Run `pnpm turbo run build --filter @frameio-v4/spa-example...` from the repository root, then try again.',
    );
    process.exit(1);
  }
  try {
    emulator = await startMockServer({ port: EMULATOR_PORT, host: '127.0.0.1' });
  } catch (error) {
    const inUse = error && typeof error === 'object' && 'code' in error && error.code === 'EADDRINUSE';
    console.error(
      inUse
        ? `Port ${EMULATOR_PORT} is in use: stop what runs there (another \`pnpm dev\`, \`frameio-mock\`), or build the app with VITE_FRAMEIO_API_BASE pointing at your emulator.`
        : `The emulator did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  console.log(
    `Emulator (Frame.io V4 API + Adobe IMS) on ${emulator.url}; sign in as alice@example.com or bob@example.com.`,
  );
}

const vite = await createServer({
  root: appDir,
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
});
await vite.listen();
vite.printUrls();

async function shutdown() {
  await vite.close();
  await emulator?.close();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
