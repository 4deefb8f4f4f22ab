/**
 * Reading markers in the user's partition (`USER#<id>` / `MARKER#<timeline>`, docs/data-model.md): read with one
 * Query of the prefix, saved with one UpdateItem each that also counts the version.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MarkerStore, ReadingMarker } from '#shared/domain/mastodon/markers';
import { MARKER_TIMELINES, type MarkerTimeline } from '#shared/schemas/mastodon';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';

function toMarker(item: Record<string, unknown>): ReadingMarker | undefined {
  const timeline = MARKER_TIMELINES.find((name) => item.timeline === name);
  if (!timeline || typeof item.lastReadId !== 'string') return undefined;
  return {
    timeline,
    lastReadId: item.lastReadId,
    version: Number(item.version ?? 0),
    updatedAt: String(item.updatedAt ?? ''),
  };
}

const markersOf: MarkerStore['markersOf'] = async (userId) => {
  const { PK, skPrefix } = keys.readingMarkers(userId);
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
    }),
  );
  return Items.flatMap((item) => toMarker(item) ?? []);
};

const save: MarkerStore['save'] = async (userId, timeline: MarkerTimeline, lastReadId, at) => {
  const { Attributes = {} } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.readingMarker(userId, timeline),
      UpdateExpression:
        'SET #type = :type, timeline = :timeline, lastReadId = :id, updatedAt = :at ADD version :one',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': ItemType.ReadingMarker,
        ':timeline': timeline,
        ':id': lastReadId,
        ':at': at,
        ':one': 1,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const marker = toMarker(Attributes);
  if (!marker) throw new Error(`reading marker ${timeline} of ${userId} did not read back`);
  return marker;
};

export const markerStore: MarkerStore = { markersOf, save };
