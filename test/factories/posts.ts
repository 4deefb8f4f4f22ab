import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';

/** The post items stored under an author (a consistent count, to check what a request wrote). */
export async function countPostItems(authorId: string): Promise<number> {
  const { PK, skPrefix } = keys.userPostsPartition(authorId);
  const { Count } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': PK, ':p': skPrefix },
      Select: 'COUNT',
      ConsistentRead: true,
    }),
  );
  return Count ?? 0;
}
