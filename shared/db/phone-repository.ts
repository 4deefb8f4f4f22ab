/**
 * Phone numbers and SMS settings (docs/data-model.md, "SMS"):
 * - `PHONE#<e164>` / `CLAIM`: the account that verified the number (one account per number);
 * - `PHONE#<e164>` / `OPTOUT`: the number texted STOP; binds the number whoever owns it;
 * - `USER#<id>` / `SMS`: the linked number and the notification settings;
 * - `USER#<id>` / `PHONE_CODE`: the pending verification code (hash, tries, TTL).
 * Everything about a number is one Query of its partition; linking is one guarded transaction.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkResult, NumberState, PendingPhoneCode, PhoneStore } from '#shared/domain/sms/ports';
import { defaultSmsSettings, type QuietHours, type SmsSettings } from '#shared/domain/sms/settings';
import { batchGet } from './batch-get';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { failedGuards, transact } from './transactions';

interface SmsSettingsItem {
  userId: string;
  phoneNumber?: string;
  phoneVerifiedAt?: string;
  notifyAll?: boolean;
  dailyCap?: number;
  quietHours?: QuietHours;
  timeZone?: string;
}

function toSettings(item: SmsSettingsItem): SmsSettings {
  const defaults = defaultSmsSettings(item.userId);
  return {
    userId: item.userId,
    ...(item.phoneNumber
      ? { phoneNumber: item.phoneNumber, phoneVerifiedAt: item.phoneVerifiedAt ?? '' }
      : {}),
    notifyAll: item.notifyAll ?? defaults.notifyAll,
    dailyCap: item.dailyCap ?? defaults.dailyCap,
    quietHours: item.quietHours ?? null,
    timeZone: item.timeZone ?? defaults.timeZone,
  };
}

const isConditionFailure = (error: unknown) => (error as Error)?.name === 'ConditionalCheckFailedException';

export async function numberState(phoneNumber: string): Promise<NumberState> {
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.phonePartition(phoneNumber).PK },
      ConsistentRead: true,
    }),
  );
  const items = Items ?? [];
  const claim = items.find((item) => item.SK === keys.phoneClaim(phoneNumber).SK);
  const optOut = items.find((item) => item.SK === keys.phoneOptOut(phoneNumber).SK);
  return {
    ...(typeof claim?.userId === 'string' ? { ownerId: claim.userId } : {}),
    optedOut: optOut !== undefined,
  };
}

export async function optedOutNumbers(phoneNumbers: readonly string[]): Promise<Set<string>> {
  const items = await batchGet(phoneNumbers.map((number) => keys.phoneOptOut(number)));
  return new Set(items.map((item) => String(item.phoneNumber)));
}

export async function setOptOut(phoneNumber: string, optedOut: boolean, at: string): Promise<void> {
  const key = keys.phoneOptOut(phoneNumber);
  if (!optedOut) {
    await db().send(new DeleteCommand({ TableName: tableName(), Key: key }));
    return;
  }
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key, type: ItemType.PhoneOptOut, phoneNumber, optedOutAt: at },
    }),
  );
}

export async function settings(userId: string): Promise<SmsSettings> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.smsSettings(userId), ConsistentRead: true }),
  );
  return Item ? toSettings(Item as SmsSettingsItem) : defaultSmsSettings(userId);
}

export async function settingsOf(userIds: readonly string[]): Promise<SmsSettings[]> {
  const items = await batchGet(userIds.map((userId) => keys.smsSettings(userId)));
  return items.map((item) => toSettings(item as unknown as SmsSettingsItem));
}

export async function updateSettings(
  userId: string,
  patch: Partial<Pick<SmsSettings, 'notifyAll' | 'dailyCap' | 'quietHours' | 'timeZone'>>,
): Promise<SmsSettings> {
  // Every name goes through a placeholder: some (timeZone) are DynamoDB reserved words.
  const sets = ['#type = :type', '#userId = :userId'];
  const removes: string[] = [];
  const names: Record<string, string> = { '#type': 'type', '#userId': 'userId' };
  const values: Record<string, unknown> = { ':type': ItemType.SmsSettings, ':userId': userId };
  for (const field of ['notifyAll', 'dailyCap', 'timeZone', 'quietHours'] as const) {
    if (patch[field] === undefined) continue;
    names[`#${field}`] = field;
    if (patch[field] === null) removes.push(`#${field}`);
    else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = patch[field];
    }
  }
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.smsSettings(userId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toSettings(Attributes as SmsSettingsItem);
}

export async function savePendingCode(userId: string, code: PendingPhoneCode): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.phoneCode(userId), type: ItemType.PhoneCode, userId, ...code },
    }),
  );
}

export async function pendingCode(userId: string): Promise<PendingPhoneCode | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.phoneCode(userId), ConsistentRead: true }),
  );
  return Item ? toPendingCode(Item) : undefined;
}

export async function consumeCodeAttempt(
  userId: string,
  nowSeconds: number,
  maxAttempts: number,
): Promise<PendingPhoneCode | undefined> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.phoneCode(userId),
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: 'attribute_exists(PK) AND expiresAt > :now AND attempts < :max',
        ExpressionAttributeValues: { ':one': 1, ':now': nowSeconds, ':max': maxAttempts },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toPendingCode(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export async function linkPhone(input: {
  userId: string;
  code: PendingPhoneCode;
  previousNumber: string | undefined;
  at: string;
}): Promise<LinkResult> {
  const { userId, code, previousNumber, at } = input;
  const table = tableName();
  const settingsGuard = previousNumber
    ? { ConditionExpression: 'phoneNumber = :previous', previous: { ':previous': previousNumber } }
    : { ConditionExpression: 'attribute_not_exists(phoneNumber)', previous: {} };
  try {
    await transact({
      code: {
        Delete: {
          TableName: table,
          Key: keys.phoneCode(userId),
          ConditionExpression: 'codeHash = :hash',
          ExpressionAttributeValues: { ':hash': code.codeHash },
        },
      },
      claim: {
        Put: {
          TableName: table,
          Item: {
            ...keys.phoneClaim(code.phoneNumber),
            type: ItemType.PhoneClaim,
            userId,
            createdAt: at,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR userId = :me',
          ExpressionAttributeValues: { ':me': userId },
        },
      },
      settings: {
        Update: {
          TableName: table,
          Key: keys.smsSettings(userId),
          UpdateExpression: 'SET #type = :type, userId = :me, phoneNumber = :number, phoneVerifiedAt = :at',
          ConditionExpression: settingsGuard.ConditionExpression,
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': ItemType.SmsSettings,
            ':me': userId,
            ':number': code.phoneNumber,
            ':at': at,
            ...settingsGuard.previous,
          },
        },
      },
      previousClaim:
        previousNumber && previousNumber !== code.phoneNumber
          ? releaseClaim(previousNumber, userId)
          : undefined,
    });
    return 'linked';
  } catch (error) {
    const failed = failedGuards(error);
    if (failed?.has('claim')) return 'number_taken';
    if (failed) return 'code_gone';
    throw error;
  }
}

function releaseClaim(phoneNumber: string, userId: string) {
  return {
    Delete: {
      TableName: tableName(),
      Key: keys.phoneClaim(phoneNumber),
      ConditionExpression: 'attribute_not_exists(PK) OR userId = :me',
      ExpressionAttributeValues: { ':me': userId },
    },
  };
}

export async function unlinkPhone(userId: string, phoneNumber: string): Promise<void> {
  try {
    await transact({
      claim: releaseClaim(phoneNumber, userId),
      settings: {
        Update: {
          TableName: tableName(),
          Key: keys.smsSettings(userId),
          UpdateExpression: 'REMOVE phoneNumber, phoneVerifiedAt',
          ConditionExpression: 'phoneNumber = :number',
          ExpressionAttributeValues: { ':number': phoneNumber },
        },
      },
    });
  } catch (error) {
    // Already unlinked (a concurrent DELETE, or another number linked meanwhile): nothing left to do.
    if (failedGuards(error)) return;
    throw error;
  }
}

export async function deletePendingCode(userId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.phoneCode(userId) }));
}

function toPendingCode(item: Record<string, unknown>): PendingPhoneCode {
  return {
    phoneNumber: String(item.phoneNumber),
    codeHash: String(item.codeHash),
    expiresAt: Number(item.expiresAt),
    attempts: Number(item.attempts ?? 0),
  };
}

export const phoneStore: PhoneStore = {
  numberState,
  optedOutNumbers,
  setOptOut,
  settings,
  settingsOf,
  updateSettings,
  savePendingCode,
  pendingCode,
  consumeCodeAttempt,
  linkPhone,
  unlinkPhone,
  deletePendingCode,
};
