/**
 * Vitest globalSetup for the integration and e2e projects: ONE DynamoDB Local (in memory) for the whole run,
 * its endpoint handed to every test worker through provide/inject. Each test file then works in its own
 * uniquely named table (test-table.ts), so files never see each other's items.
 */
import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '#local/dynamodb';
import { consoleLogger } from '#local/log';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb: DynamoDbLocal = await startDynamoDbLocal({
    logger: consoleLogger('test-dynamodb', 'warn'),
    // The JVM's start-up alone took over 50 s on a loaded 2-core machine; a slow start is not a failure.
    readyTimeoutMs: 180_000,
  });
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return () => dynamodb.stop();
}
