/**
 * The operator role's item (`USER#<id>` / `ROLE#OPERATOR`), read on its own by GET /v1/me (so the web client
 * knows whether to show the operator's screens) and by every /v1/admin route, without the rest of moderation
 * storage. Granting and revoking live in moderation-repository.ts, with their audit entries.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { keys } from './keys';

/** Whether the account holds the operator role (strongly consistent: a grant shows at once). */
export async function isOperator(userId: string): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.operatorRole(userId),
      ProjectionExpression: 'PK',
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}
