import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { followStore } from '#shared/db/follow-repository';
import { keys } from '#shared/db/keys';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { followUser } from '#shared/domain/follow';
import { createPost } from '#shared/domain/post';
import { insertVerifiedUser } from '#test/factories/users';

const postDeps = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
};
const followDeps = { follows: followStore, users: userDirectory, clock: systemClock };

async function profile(userId: string) {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.user(userId), ConsistentRead: true }),
  );
  return Item;
}

describe('concurrent transactions on one profile', () => {
  it('lets posts and follows that change the same author counters all succeed', async () => {
    const author = (await insertVerifiedUser()).user;
    const followers = await Promise.all(Array.from({ length: 8 }, () => insertVerifiedUser()));
    // Every post and every follow updates the author's profile item in a transaction; run at once they
    // cancel each other with TransactionConflict, which transact() retries instead of answering 500.
    const results = await Promise.allSettled([
      ...followers.map(({ user }) =>
        followUser(followDeps, { followerId: user.id, username: author.username }),
      ),
      ...Array.from({ length: 8 }, (_, index) =>
        createPost(postDeps, { authorId: author.id, text: `post ${index}` }),
      ),
    ]);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const stored = await profile(author.id);
    expect(stored?.postCount).toBe(8);
    expect(stored?.followerCount).toBe(8);
  });
});
