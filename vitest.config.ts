import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'main/**/*.test.ts', 'app/**/*.test.ts', 'renderer/**/*.test.ts'],
    testTimeout: 60_000,
    globalSetup: ['vitest.setup.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
