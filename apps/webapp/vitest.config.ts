import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    passWithNoTests: false,
    // The end-to-end test drives a real Chromium against the app and its emulator: give it room on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
