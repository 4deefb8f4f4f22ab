/**
 * Keeps the user-search index in step with profiles: every change of a profile item (verification, a name
 * edit) rewrites that user's index items. Deterministic keys make replays harmless.
 */
import type { AttributeValue } from 'aws-lambda';
import { batchWrite } from '#shared/db/batch-write';
import { db, tableName } from '#shared/db/client';
import { type IndexedProfile, indexChanges } from '#shared/db/search-repository';
import { unmarshall } from '#shared/db/stream-records';
import * as z from '#shared/schemas/zod';
import { streamHandler } from '#shared/stream/stream-handler';

const ProfileImage = z.object({
  type: z.literal('USER'),
  userId: z.string().check(z.minLength(1)),
  username: z.string().check(z.minLength(1)),
  firstName: z.string(),
  lastName: z.string(),
  emailVerified: z.boolean(),
});

/** The searchable fields of a stream image, validated; undefined when the record has no such image. */
function profileOf(image: Record<string, AttributeValue> | undefined): IndexedProfile | undefined {
  return image ? ProfileImage.parse(unmarshall(image)) : undefined;
}

export const handler = streamHandler(async (record) => {
  const writes = indexChanges(profileOf(record.dynamodb?.OldImage), profileOf(record.dynamodb?.NewImage));
  if (writes.length > 0) await batchWrite(db(), tableName(), writes);
});
