/**
 * Four test tiers (STYLE.md §13), each a Vitest project:
 * - unit: no network, no services;
 * - integration: against one DynamoDB Local for the whole run, a table per test file;
 * - infra: CDK Template assertions (synthesis is slow, hence the long timeout);
 * - e2e: HTTP against the local stack started in-process (and `npm start` itself as a child process);
 * - browser: the web client in Debian's Chromium (playwright-core) against the local stack, one browser per file.
 * Forks rather than threads: the stack spawns DynamoDB Local and sets process.env, both per process.
 */
import { defineConfig } from 'vitest/config';

const withDynamoDb = ['test/support/dynamodb-global-setup.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // The SDK's notice that releases after January 2027 need Node 22 is not actionable in a test run, and it
    // would be printed by every test process.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles: ['test/unit/setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: withDynamoDb,
          setupFiles: ['test/support/integration-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: withDynamoDb,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: withDynamoDb,
          // Steps of one journey build on each other, in order.
          sequence: { concurrent: false },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
