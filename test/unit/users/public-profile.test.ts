import { describe, expect, it } from 'vitest';
import { getPublicProfile } from '#shared/domain/users/public-profile';
import { makeUser } from '#test/factories/user-records';

const ada = makeUser({ username: 'ada' });
const bob = makeUser({ username: 'bob', firstName: 'Bob' });

/** A profile store and follow graph over plain values: `edges` holds "follower>followee". */
function depsWith(edges: string[]) {
  const asked: string[] = [];
  return {
    asked,
    deps: {
      users: {
        findUserByUsername: async (name: string) => [ada, bob].find((user) => user.username === name),
      },
      followExists: async (followerId: string, followeeId: string) => {
        asked.push(`${followerId}>${followeeId}`);
        return edges.includes(`${followerId}>${followeeId}`);
      },
    },
  };
}

describe('a public profile', () => {
  it('tells a signed-in reader whether they follow the owner and whether the owner follows them', async () => {
    const { deps } = depsWith([`${bob.id}>${ada.id}`]);
    const seenByBob = await getPublicProfile(deps, { username: 'ada', viewerId: bob.id });
    expect(seenByBob.viewer).toEqual({ following: true, followedBy: false });
    const seenByAda = await getPublicProfile(deps, { username: 'bob', viewerId: ada.id });
    expect(seenByAda.viewer).toEqual({ following: false, followedBy: true });
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
