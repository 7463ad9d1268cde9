import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'graders/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
