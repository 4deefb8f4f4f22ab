/**
 * The access-token key rotation in AWS (deployed by infra/constructs/access-token-keys.ts):
 * - as the stack's custom resource, on Create/Update: makes sure the key set exists (a current and a next key);
 * - on its schedule (EventBridge, `{"action":"rotate"}`): one rotation step (shared/adapters/key-set.ts), then
 *   schedules the retired key's deletion.
 * Keys are KMS ECC_NIST_P256 SIGN_VERIFY keys tagged with the stage; the set (public keys, KMS key ids) is the
 * table item the functions read (`CONFIG` / `ACCESS_TOKEN_KEYS`, shared/db/key-set-repository.ts). Private keys
 * never leave KMS. Deployments from before the item existed kept the set in an SSM parameter: the first run
 * after the upgrade copies it into the table, so tokens already issued keep verifying.
 */
import { createPublicKey } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { z } from 'zod';
import { type KeyEntry, type KeySet, parseKeySet, rotateKeySet } from '#shared/adapters/key-set';
import { type KeySetTable, publishKeySet, readPublishedKeySet } from '#shared/db/key-set-repository';

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  /** Where deployments before the table item kept the set: read once, to carry it over. */
  LEGACY_ACCESS_TOKEN_KEYS_PARAMETER: z.string().min(1),
  KEY_TAG_KEY: z.string().min(1),
  KEY_TAG_VALUE: z.string().min(1),
  OVERLAP_SECONDS: z.coerce.number().int().min(1_200),
  /** KMS waits this long before deleting a retired key (7–30 days); it can be cancelled meanwhile. */
  DELETION_WINDOW_DAYS: z.coerce.number().int().min(7).max(30).default(7),
});
const env = Env.parse(process.env);
const kms = new KMSClient({});
const keySetTable: KeySetTable = {
  client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  table: env.TABLE_NAME,
};

type ScheduledRotation = { action: 'rotate' };

export async function handler(
  event: CloudFormationCustomResourceEvent | ScheduledRotation,
): Promise<unknown> {
  if ('action' in event) return rotate();
  try {
    // Deleting the stack leaves the keys and the set (retained like the table); see docs/operations.md.
    const set = event.RequestType === 'Delete' ? undefined : await ensureKeySet();
    await respond(event, 'SUCCESS', set ? `current ${set.current.kid}` : 'left in place');
  } catch (error) {
    await respond(event, 'FAILED', (error as Error).message);
  }
  return undefined;
}

async function ensureKeySet(): Promise<KeySet> {
  const existing = await readKeySet();
  if (existing) return existing;
  const legacy = await readLegacyKeySet();
  if (legacy) {
    await writeKeySet(legacy);
    return legacy;
  }
  const set: KeySet = { current: await createKey(), next: await createKey() };
  await writeKeySet(set);
  return set;
}

async function rotate(): Promise<{ current: string; next?: string; retired?: string }> {
  const set = await ensureKeySet();
  const now = new Date();
  const { set: rotated, retired } = rotateKeySet(set, await createKey(), now, env.OVERLAP_SECONDS);
  await writeKeySet(rotated);
  if (retired) {
    await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: retired.kid, PendingWindowInDays: env.DELETION_WINDOW_DAYS }),
    );
  }
  return { current: rotated.current.kid, next: rotated.next?.kid, retired: retired?.kid };
}

async function createKey(): Promise<KeyEntry> {
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      Description: `Skylark access-token signing key (${env.KEY_TAG_VALUE})`,
      Tags: [{ TagKey: env.KEY_TAG_KEY, TagValue: env.KEY_TAG_VALUE }],
    }),
  );
  const keyId = KeyMetadata?.KeyId;
  if (!keyId) throw new Error('KMS created a key without an id');
  const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!PublicKey) throw new Error(`KMS returned no public key for ${keyId}`);
  const jwk = createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }).export({
    format: 'jwk',
  });
  if (!jwk.x || !jwk.y) throw new Error(`The public key of ${keyId} is not a P-256 key`);
  return {
    kid: keyId,
    publicKey: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
    createdAt: new Date().toISOString(),
  };
}

async function readKeySet(): Promise<KeySet | undefined> {
  const text = await readPublishedKeySet(keySetTable);
  return text ? parseKeySet(text, 'the key-set item') : undefined;
}

async function writeKeySet(set: KeySet): Promise<void> {
  await publishKeySet(JSON.stringify(set), keySetTable);
}

async function readLegacyKeySet(): Promise<KeySet | undefined> {
  const name = env.LEGACY_ACCESS_TOKEN_KEYS_PARAMETER;
  try {
    const { Parameter } = await new SSMClient({}).send(new GetParameterCommand({ Name: name }));
    return Parameter?.Value ? parseKeySet(Parameter.Value, name) : undefined;
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined;
    throw error;
  }
}

/** A Lambda-backed custom resource answers CloudFormation on the pre-signed URL it was given. */
async function respond(
  event: CloudFormationCustomResourceEvent,
  status: 'SUCCESS' | 'FAILED',
  reason: string,
): Promise<void> {
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify({
      Status: status,
      Reason: reason,
      // Unchanged from the SSM days: a new physical id would make CloudFormation "replace" (delete) the old one.
      PhysicalResourceId: env.LEGACY_ACCESS_TOKEN_KEYS_PARAMETER,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    }),
  });
  if (!response.ok) throw new Error(`CloudFormation refused the response: ${response.status}`);
}
