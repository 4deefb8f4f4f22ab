/**
 * An in-memory RelationshipReads for unit tests of the domain: blocks, mutes, follows and protected accounts
 * set up by the test, read through the same port the DynamoDB repository implements.
 */
import type { RelationshipReads, Standing } from '#shared/domain/relationships/ports';

export interface RelationshipWorld {
  /** [blocker, blocked] pairs. */
  blocks?: ReadonlyArray<readonly [string, string]>;
  /** [muter, muted] pairs. */
  mutes?: ReadonlyArray<readonly [string, string]>;
  /** [follower, followee] pairs. */
  follows?: ReadonlyArray<readonly [string, string]>;
  protectedIds?: readonly string[];
  /** Suspended or deactivated accounts. */
  inactiveIds?: readonly string[];
}

export function makeRelationships(world: RelationshipWorld = {}): RelationshipReads & { calls: string[] } {
  const has = (pairs: RelationshipWorld['blocks'], a: string, b: string) =>
    (pairs ?? []).some(([first, second]) => first === a && second === b);
  const calls: string[] = [];
  return {
    calls,
    async viewerRelations(viewerId) {
      calls.push('viewerRelations');
      return {
        blocked: new Set((world.blocks ?? []).filter(([a]) => a === viewerId).map(([, b]) => b)),
        muted: new Set((world.mutes ?? []).filter(([a]) => a === viewerId).map(([, b]) => b)),
      };
    },
    async standings(viewerId, otherIds) {
      calls.push('standings');
      return new Map<string, Standing>(
        otherIds.map((id) => [
          id,
          {
            protected: (world.protectedIds ?? []).includes(id),
            blocksViewer: viewerId !== undefined && has(world.blocks, id, viewerId),
            followedByViewer: viewerId !== undefined && has(world.follows, viewerId, id),
            inactive: (world.inactiveIds ?? []).includes(id),
          },
        ]),
      );
    },
  };
}
