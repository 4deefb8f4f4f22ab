import { describe, expect, it } from 'vitest';
import { getPublicProfile, searchPeople } from '#shared/domain/users/public-profile';
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

describe('people search', () => {
  const carol = makeUser({ username: 'carol', firstName: 'Carol' });
  const dave = makeUser({ username: 'dave', firstName: 'Dave' });
  const erin = makeUser({ username: 'erin', firstName: 'Erin', accountState: 'suspended' });
  const search = {
    searchUsers: async () => ({ items: [ada, bob, carol, dave, erin], nextCursor: 'next' }),
  };
  // Ada blocks Bob; Carol blocks Ada; Dave is unrelated; Erin is suspended.
  const relationships = makeRelationships({
    blocks: [
      [ada.id, bob.id],
      [carol.id, ada.id],
    ],
  });

  it('hides the accounts the reader blocks and those that block the reader, and keeps the cursor', async () => {
    const page = await searchPeople({ search, relationships }, { q: 'a', limit: 20, viewerId: ada.id });
    expect(page.items.map((user) => user.username)).toEqual(['ada', 'dave']);
    expect(page.nextCursor).toBe('next');
    expect(page.items.some((user) => 'accountState' in user || 'email' in user)).toBe(false);
  });

  it('hides suspended or deactivated accounts from everyone, signed in or not, without relationship reads', async () => {
    const counted = makeRelationships();
    const anonymous = await searchPeople({ search, relationships: counted }, { q: 'a', limit: 20 });
    expect(anonymous.items.map((user) => user.username)).toEqual(['ada', 'bob', 'carol', 'dave']);
    expect(counted.calls).toEqual([]);
    const bobSees = await searchPeople({ search, relationships }, { q: 'a', limit: 20, viewerId: bob.id });
    expect(bobSees.items.map((user) => user.username)).toEqual(['bob', 'carol', 'dave']);
  });
});
