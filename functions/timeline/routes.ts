import { type HttpRoute, STREAM_CONSUMER_DEFAULTS, type StreamConsumer } from '#shared/catalog';
import { ItemType } from '#shared/db/keys';

export const timelineRoutes: readonly HttpRoute[] = [
  {
    name: 'HomeTimeline',
    method: 'GET',
    path: '/v1/timeline',
    entry: 'functions/timeline/home-timeline.ts',
    auth: 'required',
    uses: ['table:read'],
  },
  {
    name: 'Mentions',
    method: 'GET',
    path: '/v1/mentions',
    entry: 'functions/timeline/mentions.ts',
    auth: 'required',
    uses: ['table:read'],
  },
];

const fannedOutTypes = [ItemType.Post, ItemType.Follow];

/**
 * The fan-out consumer: only inserts and removals of posts and follow edges reach it (a REMOVE record carries
 * only the old image, so its filter matches OldImage). Failing records are bisected, retried 5 times within an
 * hour, then go to the on-failure destination.
 */
export const timelineFanOut: StreamConsumer = {
  name: 'TimelineFanOut',
  entry: 'functions/timeline/fan-out.ts',
  // 'sms': the fan-out also texts new posts to followers who turned SMS notifications on.
  uses: ['table:read', 'table:write', 'sms'],
  memoryMb: 1024,
  timeoutSeconds: 120,
  ...STREAM_CONSUMER_DEFAULTS,
  filters: [
    { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: fannedOutTypes } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: fannedOutTypes } } } },
  ],
};
