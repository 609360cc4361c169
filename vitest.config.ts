import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          globalSetup: ['test/global-setup.ts'],
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Its own group (vitest would otherwise run single-worker files after every group, the sweep's included).
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The secrets sweep reads what the unit and e2e suites recorded (test/helpers/secrets.ts): it runs after them.
        test: {
          name: 'sweep',
          include: ['test/sweep/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
