/**
 * The one write the index migrations make: give an existing item the keys of an index it is not in yet.
 * Conditioned on the item still existing (a post deleted since the Scan is not brought back) and still lacking
 * `guard` (a second run, or a concurrent writer, wins), so a migration is safe to run while the instance serves.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export interface IndexKeysWrite {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The item's primary key, as the Scan returned it. */
  key: { PK: unknown; SK: unknown };
  /** The attributes to set: an index's partition and sort keys (and any that travel with them). */
  indexKeys: Record<string, unknown>;
  /** The attribute whose presence means the item is indexed already. */
  guard: string;
}

/** True when the keys were written; false when the item is gone or has `guard` by now. */
export async function addIndexKeys({
  client,
  tableName,
  key,
  indexKeys,
  guard,
}: IndexKeysWrite): Promise<boolean> {
  const names = Object.keys(indexKeys);
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: key.PK, SK: key.SK },
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
        ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(#${guard})`,
        ExpressionAttributeNames: Object.fromEntries([...names, guard].map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, indexKeys[name]])),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
