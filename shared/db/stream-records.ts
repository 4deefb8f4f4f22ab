/**
 * DynamoDB stream records → domain changes, validated at the boundary: the image is unmarshalled and parsed
 * with zod, so a malformed record fails loudly (and is retried, then sent to the on-failure destination)
 * instead of writing garbage into timelines.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, AttributeValue as LambdaAttributeValue } from 'aws-lambda';
import type { FollowRequestChange } from '#shared/domain/engagement/reactions';
import type { StreamChange } from '#shared/domain/fan-out';
import * as z from '#shared/schemas/zod';
import { ItemType } from './keys';
import { parsePostItem } from './post-item';

const FollowImage = z.object({
  type: z.literal(ItemType.Follow),
  followerId: z.string().check(z.minLength(1)),
  followeeId: z.string().check(z.minLength(1)),
  createdAt: z.optional(z.iso.datetime()),
});

/** The change a record carries, or undefined for records the fan-out does not handle (e.g. MODIFY). */
export function parseStreamRecord(record: DynamoDBRecord): StreamChange | undefined {
  const created = record.eventName === 'INSERT';
  if (!created && record.eventName !== 'REMOVE') return undefined;
  const image = unmarshall(created ? record.dynamodb?.NewImage : record.dynamodb?.OldImage);
  if (image.type === ItemType.Post) {
    const post = parsePostItem(image);
    return created ? { kind: 'post_created', post } : { kind: 'post_deleted', post };
  }
  if (image.type === ItemType.Follow) {
    const { followerId, followeeId, createdAt } = FollowImage.parse(image);
    return {
      kind: created ? 'follow_created' : 'follow_deleted',
      followerId,
      followeeId,
      ...(createdAt ? { createdAt } : {}),
    };
  }
  return undefined;
}

const FollowRequestImage = z.object({
  type: z.literal(ItemType.FollowRequest),
  requesterId: z.string().check(z.minLength(1)),
  targetId: z.string().check(z.minLength(1)),
  createdAt: z.iso.datetime(),
});

/** A follow-request record as the change it carries; undefined for other records and for MODIFY. */
export function parseFollowRequestRecord(record: DynamoDBRecord): FollowRequestChange | undefined {
  const created = record.eventName === 'INSERT';
  if (!created && record.eventName !== 'REMOVE') return undefined;
  const image = unmarshall(created ? record.dynamodb?.NewImage : record.dynamodb?.OldImage);
  if (image.type !== ItemType.FollowRequest) return undefined;
  const { requesterId, targetId, createdAt } = FollowRequestImage.parse(image);
  return {
    kind: created ? 'follow_request_created' : 'follow_request_deleted',
    requesterId,
    targetId,
    createdAt,
  };
}

/** A stream image as plain data. Lambda's AttributeValue type and the SDK's describe the same JSON. */
export function unmarshall(image: Record<string, LambdaAttributeValue> | undefined): Record<string, unknown> {
  if (!image) throw new Error('The stream record has no image');
  return sdkUnmarshall(image as Record<string, AttributeValue>);
}
