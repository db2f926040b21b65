import { defineConfig } from 'vitest/config';

// Layers: unit (pure, fast), infra (CDK template + cdk-nag), integration (the local AWS services over
// HTTP), aws-shape (the deployed bundles, isolated as Lambda runs them, every call checked against
// their IAM policies), e2e (real browser). `npm test` runs them all (e2e when chromium is present).
export default defineConfig({
  test: {
    globalSetup: ['test/support/no-leftovers.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles: ['test/support/cleanup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'aws-shape',
          include: ['test/aws-shape/**/*.test.ts'],
          setupFiles: ['test/support/cleanup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: ['test/support/cleanup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
