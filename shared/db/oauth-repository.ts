/**
 * OAuth apps, authorization codes and access tokens of the Mastodon-compatible API. Codes and tokens are stored
 * by their SHA-256 only. A user's token also has a grant item in the user's partition, written and deleted in
 * the same transaction, so the user can list and revoke their apps with one Query (docs/data-model.md).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessGrant, AuthorizationCode, OAuthApp, OAuthStore } from '#shared/domain/oauth/ports';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { transact } from './transactions';

const seconds = (ms: number) => Math.floor(ms / 1000);
const MAX_GRANTS_LISTED = 100;

export async function saveApp(app: OAuthApp): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.oauthApp(app.clientId), type: ItemType.OAuthApp, ...app },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findApp(clientId: string): Promise<OAuthApp | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.oauthApp(clientId) }));
  if (!Item) return undefined;
  return {
    clientId: String(Item.clientId),
    clientSecretHash: String(Item.clientSecretHash),
    name: String(Item.name),
    website: typeof Item.website === 'string' ? Item.website : null,
    redirectUris: (Item.redirectUris as string[]) ?? [],
    scopes: (Item.scopes as string[]) ?? [],
    createdAt: String(Item.createdAt),
  };
}

export async function saveCode(codeHash: string, code: AuthorizationCode): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.oauthCode(codeHash),
        type: ItemType.OAuthCode,
        ...code,
        expiresAt: seconds(code.expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function consumeCode(codeHash: string): Promise<AuthorizationCode | undefined> {
  try {
    const { Attributes } = await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.oauthCode(codeHash),
        ConditionExpression: 'attribute_exists(PK)',
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!Attributes) return undefined;
    return {
      clientId: String(Attributes.clientId),
      userId: String(Attributes.userId),
      redirectUri: String(Attributes.redirectUri),
      scopes: (Attributes.scopes as string[]) ?? [],
      codeChallenge: typeof Attributes.codeChallenge === 'string' ? Attributes.codeChallenge : undefined,
      expiresAt: Number(Attributes.expiresAt) * 1000,
    };
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function grantAttributes(grant: AccessGrant) {
  return {
    grantId: grant.id,
    clientId: grant.clientId,
    appName: grant.appName,
    appWebsite: grant.appWebsite,
    scopes: grant.scopes,
    createdAt: grant.createdAt,
    ...(grant.userId !== undefined ? { userId: grant.userId } : {}),
  };
}

function toGrant(item: Record<string, unknown>): AccessGrant {
  return {
    id: String(item.grantId),
    clientId: String(item.clientId),
    appName: String(item.appName),
    appWebsite: typeof item.appWebsite === 'string' ? item.appWebsite : null,
    scopes: (item.scopes as string[]) ?? [],
    createdAt: Number(item.createdAt),
    ...(typeof item.userId === 'string' ? { userId: item.userId } : {}),
  };
}

export async function saveToken(tokenHash: string, grant: AccessGrant): Promise<void> {
  const token = {
    Put: {
      TableName: tableName(),
      Item: { ...keys.oauthToken(tokenHash), type: ItemType.OAuthToken, ...grantAttributes(grant) },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
  if (grant.userId === undefined) {
    await db().send(new PutCommand(token.Put));
    return;
  }
  await transact({
    token,
    grant: {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.oauthGrant(grant.userId, grant.id),
          type: ItemType.OAuthGrant,
          tokenHash,
          ...grantAttributes(grant),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  });
}

export async function findToken(tokenHash: string): Promise<AccessGrant | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.oauthToken(tokenHash) }),
  );
  return Item ? toGrant(Item) : undefined;
}

export async function listUserGrants(userId: string): Promise<AccessGrant[]> {
  const partition = keys.oauthGrantsPartition(userId);
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition.PK, ':prefix': partition.skPrefix },
      ScanIndexForward: false,
      Limit: MAX_GRANTS_LISTED,
    }),
  );
  return Items.map(toGrant);
}

async function deleteBoth(tokenHash: string, userId: string | undefined, grantId: string): Promise<void> {
  await transact({
    token: { Delete: { TableName: tableName(), Key: keys.oauthToken(tokenHash) } },
    grant:
      userId === undefined
        ? undefined
        : { Delete: { TableName: tableName(), Key: keys.oauthGrant(userId, grantId) } },
  });
}

export async function revokeToken(tokenHash: string): Promise<boolean> {
  const grant = await findToken(tokenHash);
  if (!grant) return false;
  await deleteBoth(tokenHash, grant.userId, grant.id);
  return true;
}

export async function revokeUserGrant(userId: string, grantId: string): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.oauthGrant(userId, grantId), ConsistentRead: true }),
  );
  if (!Item) return false;
  await deleteBoth(String(Item.tokenHash), userId, grantId);
  return true;
}

export const oauthStore: OAuthStore = {
  saveApp,
  findApp,
  saveCode,
  consumeCode,
  saveToken,
  findToken,
  listUserGrants,
  revokeToken,
  revokeUserGrant,
};

/** Revokes every token the user granted to apps (a suspension): pages of grants until none is left. */
export async function revokeAllUserGrants(userId: string): Promise<void> {
  for (;;) {
    const grants = await listUserGrants(userId);
    if (grants.length === 0) return;
    await Promise.all(grants.map((grant) => revokeUserGrant(userId, grant.id)));
  }
}
