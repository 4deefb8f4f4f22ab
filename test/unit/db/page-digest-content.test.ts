import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { pageDigestContent, parsePageDigestContent } from '#shared/db/post-item';
import type { Post } from '#shared/domain/post';
import type { PositionedPost } from '#shared/domain/timeline';

const star = { id: 'star', username: 'star', firstName: 'Sam', lastName: 'Star' };
const other = { id: 'other', username: 'ada', firstName: 'Ada', lastName: 'L' };

function post(author: Post['author'], text: string): Post {
  const id = ulid();
  return {
    id,
    author,
    text,
    entities: { urls: [], mentions: [], hashtags: [{ start: 0, end: 4, tag: 'tag' }] },
    replyTo: null,
    attachments: [{ url: 'https://example.com/a.png', kind: 'image' }],
    createdAt: new Date().toISOString(),
    replyCount: 3,
    likeCount: 2,
    repostCount: 1,
  };
}

describe('a page digest as stored', () => {
  const own = post(star, 'mine');
  const renamed = post({ ...star, firstName: 'Samantha' }, 'mine, later');
  const theirs = post(other, 'theirs');
  const repostId = ulid();
  const entries: PositionedPost[] = [
    {
      position: repostId,
      post: { ...theirs, repostId, repostedBy: star, repostedAt: new Date().toISOString() },
    },
    { position: renamed.id, post: renamed },
    { position: own.id, post: own },
  ];

  it('names each person once, and stores no position (a repost sits at its id, a post at its own)', () => {
    const content = pageDigestContent(entries);
    expect(content.people).toEqual([other, star, { ...star, firstName: 'Samantha' }]);
    expect(content.entries.some((entry) => 'position' in entry)).toBe(false);
    expect(content.entries[0]).toMatchObject({ author: 0, reposter: 1, repostId });
    expect(content.entries.every((entry) => !('authorUsername' in entry) && !('likeCount' in entry))).toBe(
      true,
    );
  });

  it('reads back the entries it was written from, without counts, each with its own author names', () => {
    const read = parsePageDigestContent(pageDigestContent(entries));
    expect(read.map((entry) => entry.position)).toEqual([repostId, renamed.id, own.id]);
    expect(read[0]?.post).toMatchObject({ id: theirs.id, author: other, repostedBy: star, repostId });
    expect(read[1]?.post.author.firstName).toBe('Samantha');
    expect(read[2]?.post).toMatchObject({ ...own, replyCount: 0, likeCount: 0, repostCount: 0 });
  });

  it('refuses an entry that names nobody, a bad repost id, or a digest with no list of entries', () => {
    const content = pageDigestContent(entries);
    expect(() =>
      parsePageDigestContent({ ...content, entries: [{ ...content.entries[1], author: 7 }] }),
    ).toThrow(/names nobody/);
    expect(() =>
      parsePageDigestContent({ ...content, entries: [{ ...content.entries[0], repostId: 'not-a-ulid' }] }),
    ).toThrow(/position/);
    expect(() => parsePageDigestContent({ people: content.people })).toThrow(/no entries/);
    // A projection of list elements leaves an empty list out: that is no entries, not a malformed digest.
    expect(parsePageDigestContent({ people: [] }, { projected: true })).toEqual([]);
  });
});
