/**
 * The Mastodon entity mappers against zod schemas written from the Mastodon documentation
 * (mastodon/documentation, content/en/entities): every field clients require is present and non-null where
 * the docs say so. Also the HTML renderer, Rails-style form bodies and scope checks.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_DESIGN } from '#shared/domain/design';
import {
  toAccount,
  toCredentialAccount,
  toRelationship,
  toStatus,
  toToken,
} from '#shared/domain/mastodon/entities';
import { escapeHtml, renderPostHtml } from '#shared/domain/mastodon/html';
import { instanceV1, instanceV2, nodeInfo } from '#shared/domain/mastodon/instance';
import { type RelationshipFlags, relationships } from '#shared/domain/mastodon/relationships';
import { scopeAllows } from '#shared/domain/oauth/scopes';
import type { Post } from '#shared/domain/post';
import { checkPostText } from '#shared/domain/post-text';
import type { User } from '#shared/domain/user';
import { parseMultipart, parseUrlEncoded } from '#shared/http/form-body';

const base = { publicUrl: 'https://sky.example' };
const iso = z.string().regex(/^\d{4}-\d\d-\d\dT/);

const AccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  url: z.url(),
  display_name: z.string(),
  note: z.string(),
  avatar: z.url(),
  avatar_static: z.url(),
  header: z.url(),
  header_static: z.url(),
  locked: z.boolean(),
  fields: z.array(z.object({ name: z.string(), value: z.string(), verified_at: z.string().nullable() })),
  emojis: z.array(z.unknown()),
  bot: z.boolean(),
  group: z.boolean(),
  discoverable: z.boolean().nullable(),
  created_at: iso,
  last_status_at: z.string().nullable(),
  statuses_count: z.number().int(),
  followers_count: z.number().int(),
  following_count: z.number().int(),
});

const StatusSchema = z.object({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullable(),
  created_at: iso,
  account: AccountSchema,
  content: z.string(),
  visibility: z.enum(['public', 'unlisted', 'private', 'direct']),
  sensitive: z.boolean(),
  spoiler_text: z.string(),
  media_attachments: z.array(z.object({ id: z.string(), type: z.string(), url: z.string() })),
  mentions: z.array(z.object({ id: z.string(), username: z.string(), url: z.string(), acct: z.string() })),
  tags: z.array(z.object({ name: z.string(), url: z.string() })),
  emojis: z.array(z.unknown()),
  reblogs_count: z.number().int(),
  favourites_count: z.number().int(),
  replies_count: z.number().int(),
  in_reply_to_id: z.string().nullable(),
  in_reply_to_account_id: z.string().nullable(),
  reblog: z.null(),
  poll: z.null(),
  card: z.null(),
  language: z.string().nullable(),
  favourited: z.boolean(),
  reblogged: z.boolean(),
  bookmarked: z.boolean(),
});

const RelationshipSchema = z.object(
  Object.fromEntries(
    [
      'following',
      'showing_reblogs',
      'notifying',
      'followed_by',
      'blocking',
      'blocked_by',
      'muting',
      'muting_notifications',
      'requested',
      'requested_by',
      'domain_blocking',
      'endorsed',
    ].map((key) => [key, z.boolean()]),
  ),
);

function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '01J0000000000000000000USER',
    username: 'alice',
    email: 'alice@example.test',
    emailVerified: true,
    firstName: 'Alice',
    lastName: 'Liddell',
    bio: 'Curiouser <and> curiouser',
    location: 'Wonderland',
    website: 'https://alice.example',
    accountType: 'person',
    category: null,
    design: DEFAULT_DESIGN,
    protected: false,
    createdAt: '2026-01-02T03:04:05.000Z',
    followerCount: 2,
    followingCount: 3,
    postCount: 4,
    ...overrides,
  };
}

function makePost(text: string, overrides: Partial<Post> = {}): Post {
  const checked = checkPostText(text);
  return {
    id: '01J00000000000000000000POS',
    author: { id: '01J0000000000000000000USER', username: 'alice', firstName: 'Alice', lastName: 'Liddell' },
    text: checked.text,
    entities: {
      urls: checked.entities.urls,
      hashtags: checked.entities.hashtags,
      mentions: checked.entities.mentions.map((mention) => ({
        ...mention,
        userId: '01J00000000000000000000BOB',
      })),
    },
    replyTo: null,
    attachments: [],
    createdAt: '2026-01-02T03:04:05.000Z',
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
    ...overrides,
  };
}

describe('Mastodon entities', () => {
  it('maps a user to an Account with every required field, the bio as escaped HTML', () => {
    const account = AccountSchema.parse(toAccount(makeUser(), base));
    expect(account.note).toBe('<p>Curiouser &lt;and&gt; curiouser</p>');
    expect(account.avatar).toBe('https://sky.example/avatars/original/missing.png');
    expect(account.fields.map((field) => field.name)).toEqual(['Website', 'Location']);
    expect(toCredentialAccount(makeUser(), base).source.note).toBe('Curiouser <and> curiouser');
  });

  it('maps a reply with a mention, a hashtag and a link to a Status', () => {
    const post = makePost('hi @bob see https://example.com/a?b=1&c=2 #Tea', {
      replyTo: '01J0000000000000000PARENT',
    });
    const users = new Map([[post.author.id, makeUser()]]);
    const status = StatusSchema.parse(
      toStatus(post, { users, parentAuthors: new Map([['01J0000000000000000PARENT', 'BOB']]) }, base),
    );
    expect(status.in_reply_to_account_id).toBe('BOB');
    expect(status.tags).toEqual([{ name: 'tea', url: 'https://sky.example/tags/tea' }]);
    expect(status.content).toBe(
      '<p>hi <span class="h-card"><a href="https://sky.example/@bob" class="u-url mention">@<span>bob</span></a></span> see ' +
        '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer" target="_blank">example.com/a?b=1&amp;c=2</a> ' +
        '<a href="https://sky.example/tags/tea" class="mention hashtag" rel="tag">#<span>Tea</span></a></p>',
    );
  });

  it('maps relationships with all booleans, and tokens with epoch seconds', () => {
    const relationship = RelationshipSchema.parse(toRelationship('x', { ...NO_FLAGS, following: true }));
    expect(relationship).toMatchObject({ following: true, showing_reblogs: true, followed_by: false });
    expect(toToken({ accessToken: 't', scopes: ['read', 'write'], createdAt: 1_700_000_000_999 })).toEqual({
      access_token: 't',
      token_type: 'Bearer',
      scope: 'read write',
      created_at: 1_700_000_000,
    });
  });

  it('publishes Skylark’s limits in instance v2, with no streaming URL', () => {
    const instance = instanceV2({ publicUrl: 'https://sky.example', contactEmail: 'a@b.c' }, STATS);
    expect(instance.version).toMatch(/^4\.0\.0 \(compatible; Skylark \d+\.\d+\.\d+\)$/);
    expect(instance.configuration.statuses).toMatchObject({
      max_characters: 140,
      characters_reserved_per_url: 23,
    });
    expect(instance.configuration.urls.streaming).toBeNull();
    // No made-up repository: the server that runs the copy.
    expect(instance.source_url).toBe('https://sky.example');
  });

  it('publishes the instance counters in v1 stats, v2 usage and nodeinfo usage', () => {
    const input = { publicUrl: 'https://sky.example', contactEmail: 'a@b.c' };
    expect(instanceV1(input, STATS).stats).toEqual({ user_count: 3, status_count: 7, domain_count: 1 });
    expect(instanceV2(input, STATS).usage).toEqual({ users: { active_month: 3 } });
    expect(nodeInfo(STATS).usage).toEqual({ users: { total: 3 }, localPosts: 7 });
  });
});

const STATS = { users: 3, posts: 7 };

const NO_FLAGS: RelationshipFlags = {
  following: false,
  followedBy: false,
  blocking: false,
  blockedBy: false,
  muting: false,
  requested: false,
  requestedBy: false,
};

describe('Mastodon relationships', () => {
  const FIELD_OF: Record<keyof RelationshipFlags, string> = {
    following: 'following',
    followedBy: 'followed_by',
    blocking: 'blocking',
    blockedBy: 'blocked_by',
    muting: 'muting',
    requested: 'requested',
    requestedBy: 'requested_by',
  };

  it.each(Object.keys(FIELD_OF) as (keyof RelationshipFlags)[])(
    'maps the %s edge to its own field',
    (flag) => {
      const relationship = RelationshipSchema.parse(toRelationship('x', { ...NO_FLAGS, [flag]: true }));
      const shown = Object.entries(relationship).filter(([, value]) => value === true);
      const expected = [FIELD_OF[flag]];
      if (flag === 'following') expected.push('showing_reblogs');
      if (flag === 'muting') expected.push('muting_notifications');
      expect(shown.map(([key]) => key).sort()).toEqual(expected.sort());
    },
  );

  it('reads the flags of every distinct id in one batch and answers them in the order asked', async () => {
    const asked: string[][] = [];
    const deps = {
      relationshipFlags: async (callerId: string, ids: readonly string[]) => {
        asked.push([callerId, ...ids]);
        return new Map([['B', { ...NO_FLAGS, blockedBy: true }]]);
      },
    };
    const answered = await relationships(deps, 'ME', ['A', 'B', 'A']);
    expect(asked).toEqual([['ME', 'A', 'B']]);
    expect(answered.map((one) => [one.id, one.blocked_by])).toEqual([
      ['A', false],
      ['B', true],
    ]);
  });

  it('shows a protected account as locked', () => {
    expect(toAccount(makeUser({ protected: true }), base).locked).toBe(true);
    expect(toAccount(makeUser(), base).locked).toBe(false);
  });
});

describe('the HTML renderer', () => {
  // A BLNS-style sample: markup, attribute breakouts, entities, script URLs, RTL and zero-width characters.
  const NAUGHTY = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE users; --",
    '&lt;b&gt;not bold&lt;/b&gt;',
    'javascript:alert(1)',
    '<a href="javascript:alert(1)">x</a>',
    '\u202Eevil\u202C',
    'zero\u200Bwidth',
    '<svg/onload=alert(1)>',
    '{{7*7}} #{7*7} <%= 7*7 %>',
  ];

  it.each(NAUGHTY)('never lets markup through: %s', (sample) => {
    const html = renderPostHtml(sample, { urls: [], mentions: [], hashtags: [] }, base);
    const withoutOwnTags = html.replace(/<\/?p>|<br>/g, '');
    expect(withoutOwnTags).not.toMatch(/<|>/);
    expect(withoutOwnTags).toBe(escapeHtml(sample.replace(/\n/g, '')));
  });

  it('breaks lines and paragraphs', () => {
    expect(renderPostHtml('a\nb\n\nc', { urls: [], mentions: [], hashtags: [] }, base)).toBe(
      '<p>a<br>b</p><p>c</p>',
    );
  });
});

describe('form bodies', () => {
  it('reads Rails-style arrays and nested fields from urlencoded bodies', () => {
    expect(parseUrlEncoded('id[]=1&id[]=2&fields_attributes[0][name]=Website&a=x+y')).toEqual({
      id: ['1', '2'],
      fields_attributes: { 0: { name: 'Website' } },
      a: 'x y',
    });
    expect(Object.keys(parseUrlEncoded('__proto__[x]=1&constructor=2'))).toEqual([]);
  });

  it('reads the text parts of a multipart body and skips files', () => {
    const body = Buffer.from(
      '--B\r\nContent-Disposition: form-data; name="status"\r\n\r\nhéllo\r\n' +
        '--B\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nPNG\r\n--B--\r\n',
    );
    expect(parseMultipart(body, 'multipart/form-data; boundary=B')).toEqual({ status: 'héllo' });
  });
});

describe('scopes', () => {
  it('lets a parent scope cover its sub-scopes and the legacy follow scope cover follows', () => {
    expect(scopeAllows(['read'], 'read:statuses')).toBe(true);
    expect(scopeAllows(['read:accounts'], 'read:statuses')).toBe(false);
    expect(scopeAllows(['write'], 'read:statuses')).toBe(false);
    expect(scopeAllows(['follow'], 'write:follows')).toBe(true);
    expect(scopeAllows(['follow'], 'write:statuses')).toBe(false);
  });
});
