import { describe, expect, it } from 'vitest';
import { getPublicProfile } from '#shared/domain/users/public-profile';
import { makeRelationships } from '#test/factories/relationships';
import { makeUser } from '#test/factories/user-records';

const ada = makeUser({ username: 'ada' });
const bob = makeUser({ username: 'bob', firstName: 'Bob' });

/**
 * A profile store and graph over plain values: `edges` holds "follower>followee", `own` the reader's other edges
 * ("block:viewer>owner", "mute:…", "request:…").
 */
function depsWith(edges: string[], own: string[] = []) {
  const asked: string[] = [];
  return {
    asked,
    deps: {
      users: {
        findUserByUsername: async (name: string) => [ada, bob].find((user) => user.username === name),
      },
      relationships: makeRelationships(),
      followExists: async (followerId: string, followeeId: string) => {
        asked.push(`${followerId}>${followeeId}`);
        return edges.includes(`${followerId}>${followeeId}`);
      },
      viewerEdges: async (viewerId: string, ownerId: string) => {
        asked.push(`edges ${viewerId}>${ownerId}`);
        const has = (kind: string) => own.includes(`${kind}:${viewerId}>${ownerId}`);
        return { blocking: has('block'), muting: has('mute'), requested: has('request') };
      },
    },
  };
}

describe('a public profile', () => {
  it('tells a signed-in reader whether they follow the owner and whether the owner follows them', async () => {
    const { deps } = depsWith([`${bob.id}>${ada.id}`]);
    const seenByBob = await getPublicProfile(deps, { username: 'ada', viewerId: bob.id });
    expect(seenByBob.viewer).toEqual({
      following: true,
      followedBy: false,
      blocking: false,
      muting: false,
      requested: false,
    });
    const seenByAda = await getPublicProfile(deps, { username: 'bob', viewerId: ada.id });
    expect(seenByAda.viewer).toMatchObject({ following: false, followedBy: true });
  });

  it('tells the reader whether they block or mute the owner, or wait for their follow request', async () => {
    const { deps } = depsWith(
      [],
      [`mute:${bob.id}>${ada.id}`, `request:${bob.id}>${ada.id}`, `block:${ada.id}>${bob.id}`],
    );
    const seenByBob = await getPublicProfile(deps, { username: 'ada', viewerId: bob.id });
    expect(seenByBob.viewer).toMatchObject({ blocking: false, muting: true, requested: true });
    const seenByAda = await getPublicProfile(deps, { username: 'bob', viewerId: ada.id });
    expect(seenByAda.viewer).toMatchObject({ blocking: true, muting: false, requested: false });
  });

  it('has no viewer state for an anonymous reader or the owner, and reads no edge for them', async () => {
    const { deps, asked } = depsWith([]);
    const anonymous = await getPublicProfile(deps, { username: 'ada' });
    const own = await getPublicProfile(deps, { username: 'ada', viewerId: ada.id });
    expect('viewer' in anonymous).toBe(false);
    expect('viewer' in own).toBe(false);
    expect(anonymous.username).toBe('ada');
    expect(asked).toEqual([]);
  });

  it('is a user_not_found for an unknown name, whoever asks', async () => {
    const { deps } = depsWith([]);
    await expect(getPublicProfile(deps, { username: 'nobody', viewerId: bob.id })).rejects.toMatchObject({
      code: 'user_not_found',
      statusCode: 404,
    });
  });
});
