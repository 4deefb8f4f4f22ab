import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { mentionEntryItem, repostEntryItem, timelineEntryItem } from '#shared/db/post-item';
import { timelineWriteRequests } from '#shared/db/timeline-repository';
import type { Post } from '#shared/domain/post';

const post: Post = {
  id: '01JE0000000000000000000001',
  author: { id: 'ada', username: 'ada', firstName: 'Ada', lastName: 'Lovelace' },
  text: 'hello @bob #tag https://ex.am/ple',
  entities: {
    urls: [{ start: 17, end: 34, url: 'https://ex.am/ple' }],
    mentions: [{ start: 6, end: 10, username: 'bob', userId: 'bob-id' }],
    hashtags: [{ start: 11, end: 15, tag: 'tag' }],
  },
  replyTo: '01JD0000000000000000000009',
  attachments: [{ url: 'https://ex.am/a.png', kind: 'image' }],
  createdAt: '2026-12-01T10:00:00.000Z',
  replyCount: 3,
  likeCount: 2,
  repostCount: 1,
};
const repost = {
  id: '01JE0000000000000000000002',
  by: { id: 'cy', username: 'cy', firstName: 'Cy', lastName: 'D' },
  at: '2026-12-01T11:00:00.000Z',
};
const asDocumentClientWould = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false });

describe('timelineWriteRequests', () => {
  it('writes the same items the document client would', () => {
    const convert = timelineWriteRequests();
    for (const owner of ['bob', 'carol']) {
      expect(convert({ op: 'put_entry', ownerId: owner, post })).toEqual({
        PutRequest: { Item: asDocumentClientWould(timelineEntryItem(owner, post)) },
      });
      expect(convert({ op: 'put_repost_entry', ownerId: owner, post, repost })).toEqual({
        PutRequest: { Item: asDocumentClientWould(repostEntryItem(owner, post, repost)) },
      });
    }
    expect(convert({ op: 'put_mention', userId: 'bob-id', post })).toEqual({
      PutRequest: { Item: asDocumentClientWould(mentionEntryItem('bob-id', post)) },
    });
    expect(convert({ op: 'delete_entry', ownerId: 'bob', postId: post.id })).toEqual({
      DeleteRequest: { Key: { PK: { S: 'TIMELINE#bob' }, SK: { S: `POST#${post.id}` } } },
    });
  });

  it('marshals a post once for all its owners, changing only the key', () => {
    const convert = timelineWriteRequests();
    const first = convert({ op: 'put_entry', ownerId: 'bob', post }).PutRequest?.Item;
    const second = convert({ op: 'put_entry', ownerId: 'carol', post }).PutRequest?.Item;
    expect(second?.PK).toEqual({ S: 'TIMELINE#carol' });
    // The content attribute values are the very same objects: converted once, not per owner.
    expect(second?.entities).toBe(first?.entities);
    expect(second?.text).toBe(first?.text);
  });
});
