/**
 * The operator migrations' full-table read: a Scan (filtered, projected as the caller asks) a page at a time, so
 * each page is worked through before the next is read. Operator tools only: a Scan reads the whole table.
 */
import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';

export async function* scanPages(
  input: Omit<ScanCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  target: { client: DynamoDBDocumentClient; tableName: string } = { client: db(), tableName: tableName() },
): AsyncGenerator<Record<string, unknown>[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await target.client.send(
      new ScanCommand({ ...input, TableName: target.tableName, ExclusiveStartKey: startKey }),
    );
    yield page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
