/**
 * A table of the real definition (shared/db/table.ts) in the test run's DynamoDB Local, under a unique name,
 * so test files can run in parallel without seeing each other's items.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient } from '#local/aws-clients';
import { ensureTable } from '#local/dynamodb';

export interface TestTable {
  tableName: string;
  streamArn: string;
  /** The DynamoDB Local this table lives in. */
  endpoint: string;
  drop(): Promise<void>;
}

export function uniqueTableName(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Creates the table (or returns it when it already exists). The default name is this file's TABLE_NAME, which
 * the integration setup makes unique per file, so code under test that reads config() uses the same table.
 */
export async function createTestTable(
  options: { tableName?: string; endpoint?: string } = {},
): Promise<TestTable> {
  const tableName = options.tableName ?? process.env.TABLE_NAME ?? uniqueTableName();
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  if (!endpoint)
    throw new Error('DYNAMODB_ENDPOINT is not set: run this from the integration or e2e project');
  const client = localDynamoDbClient(endpoint, process.env.AWS_REGION);
  try {
    const { streamArn } = await ensureTable(client, tableName).catch(async (error: unknown) => {
      // Two files (or a hook and a test) creating the same table at once: the loser reads the winner's.
      if (error instanceof ResourceInUseException) return ensureTable(client, tableName);
      throw error;
    });
    return { tableName, streamArn, endpoint, drop: () => dropTable(endpoint, tableName) };
  } finally {
    client.destroy();
  }
}

async function dropTable(endpoint: string, tableName: string): Promise<void> {
  const client = localDynamoDbClient(endpoint, process.env.AWS_REGION);
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    client.destroy();
  }
}
