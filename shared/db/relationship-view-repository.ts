/**
 * How the caller stands towards other accounts, every flag at once: the follow edges both ways, the block
 * edges both ways, the caller's mute, and pending follow requests both ways. All are items at keys known in
 * advance, so a list of accounts is one BatchGetItem (seven keys an account, 100 keys a request). The Mastodon
 * Relationship entity is built from these. Access pattern: docs/data-model.md ("Relationship flags").
 */
import type { RelationshipFlags } from '#shared/domain/mastodon/relationships';
import { batchGet } from './batch-get';
import { keys, type PrimaryKey } from './keys';

const FLAG_KEYS: Record<keyof RelationshipFlags, (callerId: string, otherId: string) => PrimaryKey> = {
  following: (callerId, otherId) => keys.follow(callerId, otherId),
  followedBy: (callerId, otherId) => keys.follow(otherId, callerId),
  blocking: (callerId, otherId) => keys.relation('block', callerId, otherId),
  blockedBy: (callerId, otherId) => keys.relation('block', otherId, callerId),
  muting: (callerId, otherId) => keys.relation('mute', callerId, otherId),
  requested: (callerId, otherId) => keys.followRequest(otherId, callerId),
  requestedBy: (callerId, otherId) => keys.followRequest(callerId, otherId),
};
const FLAGS = Object.keys(FLAG_KEYS) as (keyof RelationshipFlags)[];

const keyOf = (key: Record<string, unknown>) => `${String(key.PK)}\n${String(key.SK)}`;

/** The flags of each of `otherIds` (in the order asked), read in one batch. */
export async function relationshipFlags(
  callerId: string,
  otherIds: readonly string[],
): Promise<Map<string, RelationshipFlags>> {
  const wanted = otherIds.flatMap((otherId) => FLAGS.map((flag) => FLAG_KEYS[flag](callerId, otherId)));
  const found = new Set((await batchGet(wanted)).map(keyOf));
  return new Map(
    otherIds.map((otherId) => {
      const has = (flag: keyof RelationshipFlags) => found.has(keyOf(FLAG_KEYS[flag](callerId, otherId)));
      const flags: RelationshipFlags = {
        following: has('following'),
        followedBy: has('followedBy'),
        blocking: has('blocking'),
        blockedBy: has('blockedBy'),
        muting: has('muting'),
        requested: has('requested'),
        requestedBy: has('requestedBy'),
      };
      return [otherId, flags];
    }),
  );
}
