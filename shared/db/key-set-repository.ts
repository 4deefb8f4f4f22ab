/**
 * The published access-token key set (AWS only): one item, `CONFIG` / `ACCESS_TOKEN_KEYS`, holding the key set's
 * JSON (public keys and KMS key ids; shared/adapters/key-set.ts). The rotation writes it; verifiers read it with
 * the DynamoDB client they already have, so no function carries an SSM client to learn the public keys.
 * Access pattern: docs/data-model.md ("Service configuration").
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';

/**
 * Where the item lives. The functions use the process's own client and table; the rotation function, which has
 * no application configuration, passes its own.
 */
export interface KeySetTable {
  client: DynamoDBDocumentClient;
  table: string;
}

const applicationTable = (): KeySetTable => ({ client: db(), table: tableName() });

/** The key set's JSON text, or undefined before the rotation first published it. */
export async function readPublishedKeySet(
  target: KeySetTable = applicationTable(),
): Promise<string | undefined> {
  const { Item } = await target.client.send(
    new GetCommand({
      TableName: target.table,
      Key: keys.accessTokenKeySet(),
      ProjectionExpression: 'keySet',
    }),
  );
  const text: unknown = Item?.keySet;
  return typeof text === 'string' && text.length > 0 ? text : undefined;
}

/** Publishes a key set (the rotation's write; last writer wins, the rotation runs one at a time). */
export async function publishKeySet(
  text: string,
  target: KeySetTable = applicationTable(),
  now = new Date(),
): Promise<void> {
  await target.client.send(
    new PutCommand({
      TableName: target.table,
      Item: {
        ...keys.accessTokenKeySet(),
        type: ItemType.AccessTokenKeySet,
        keySet: text,
        updatedAt: now.toISOString(),
      },
    }),
  );
}
