import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    passWithNoTests: false,
    // The end-to-end tests spawn the built CLI and wait on real HTTP: give them room on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
