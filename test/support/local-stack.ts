/**
 * The local stack for e2e tests: the real composition (local/stack.ts) on a free port, in memory, quiet, in
 * the run's shared DynamoDB Local under a table of its own, so starting one takes milliseconds, not a JVM.
 */
import { inject } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '#local/stack';
import { uniqueTableName } from './test-table';

export function startTestStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    inMemory: true,
    quiet: true,
    // Handlers log warnings and errors only: a test that needs more raises the logger's level itself.
    logLevel: 'WARN',
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: uniqueTableName('e2e'),
    pollIntervalMs: 50,
    retryDelayMs: 20,
    ...options,
  });
}
