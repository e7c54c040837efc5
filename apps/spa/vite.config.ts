import { defineConfig } from 'vite';

// Only VITE_* variables reach the bundle (https://vite.dev/guide/env-and-mode): a client secret in the
// environment can never be inlined. The test in test/bundle.test.ts checks that.
export default defineConfig({
  envPrefix: 'VITE_',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
