import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ulidIds } from '#shared/domain/clock';
import type { Post } from '#shared/domain/post';
import {
  earliestIdAt,
  foldTag,
  type IndexedPostRef,
  indexTermsOf,
  listHashtagPosts,
  type PostSearchDeps,
  parsePostQuery,
  searchPosts,
} from '#shared/domain/post-search';
import { checkPostText } from '#shared/domain/post-text';

const NOW = new Date('2026-12-01T12:00:00Z');

function postOf(text: string, id = ulidIds.next(NOW)): Post {
  const checked = checkPostText(text);
  return {
    id,
    author: { id: 'author', username: 'ada', firstName: 'Ada', lastName: 'L' },
    text: checked.text,
    entities: { ...checked.entities, mentions: [] },
    replyTo: null,
    attachments: [],
    createdAt: NOW.toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

describe('what a post is indexed under', () => {
  it('folds hashtags as user search folds names: #Tag, #tag and #TÂG are one tag', () => {
    expect(indexTermsOf(postOf('#Tag and #tag and #TÂG')).hashtags).toEqual(['tag']);
  });

  it('keeps a Georgian hashtag, lowercasing Mtavruli capitals to Mkhedruli', () => {
    expect(indexTermsOf(postOf('გამარჯობა #ქართული')).hashtags).toEqual(['ქართული']);
    expect(foldTag('ᲥᲐᲠᲗᲣᲚᲘ')).toBe('ქართული');
  });

  it('indexes every prefix of 2 to 10 characters of each word, and longer words whole', () => {
    const { wordPrefixes } = indexTermsOf(postOf('Skylark internationalisation'));
    expect(wordPrefixes).toEqual(
      [
        ...['sk', 'sky', 'skyl', 'skyla', 'skylar', 'skylark'],
        ...['in', 'int', 'inte', 'inter', 'intern', 'interna', 'internat', 'internati', 'internatio'],
        'internationalisation',
      ].sort(),
    );
  });

  it('leaves URLs out of the words and indexes the word of a hashtag too', () => {
    const { wordPrefixes } = indexTermsOf(postOf('see https://example.com/zebra #Go'));
    expect(wordPrefixes).toEqual(['go', 'se', 'see']);
  });

  it('is deterministic: the same post gives the same terms', () => {
    const post = postOf('Hello #World, hello world');
    expect(indexTermsOf(post)).toEqual(indexTermsOf({ ...post }));
  });
});

describe('reading a post query', () => {
  it.each([
    ['#Tag', { kind: 'hashtag', tag: 'tag' }],
    ['  #ქართული ', { kind: 'hashtag', tag: 'ქართული' }],
    ['Sky', { kind: 'word', prefix: 'sky' }],
    ['Gârçia', { kind: 'word', prefix: 'garcia' }],
  ])('reads %j', (q, query) => {
    expect(parsePostQuery(q)).toEqual(query);
  });

  it.each(['#', 'a', 'two words', '#two tags', '!!'])('refuses %j with invalid_query', (q) => {
    expect(() => parsePostQuery(q)).toThrow(expect.objectContaining({ code: 'invalid_query' }));
  });
});

describe('earliestIdAt', () => {
  it('sorts after every id of an earlier time and before every id of a later one', () => {
    const bound = earliestIdAt(NOW);
    expect(ulid(NOW.getTime() - 1) < bound).toBe(true);
    expect(ulid(NOW.getTime()) >= bound).toBe(true);
    expect(ulid(NOW.getTime() + 1) > bound).toBe(true);
  });
});

describe('searching posts', () => {
  function fakes(posts: Post[]) {
    const asked: { kind: string; term: string; sinceId?: string }[] = [];
    const refs = (list: Post[]): IndexedPostRef[] =>
      list.map((post) => ({ postId: post.id, authorId: post.author.id }));
    const deps: PostSearchDeps = {
      index: {
        pageByHashtag: async (tag) => {
          asked.push({ kind: 'hashtag', term: tag });
          return { items: refs(posts), nextCursor: null };
        },
        pageByWordPrefix: async (prefix, sinceId) => {
          asked.push({ kind: 'word', term: prefix, sinceId });
          return { items: refs(posts), nextCursor: 'next' };
        },
      },
      // One post was deleted after it was indexed: it drops out.
      loadPosts: async (wanted) =>
        posts.filter((post) => wanted.some((ref) => ref.postId === post.id)).slice(1),
      clock: { now: () => NOW },
    };
    return { deps, asked };
  }

  it('reads a hashtag page by the folded tag and drops posts that are gone', async () => {
    const [gone, kept] = [postOf('#Tag one'), postOf('#Tag two')];
    const { deps, asked } = fakes([gone, kept]);
    const page = await listHashtagPosts(deps, { tag: 'TAG', limit: 20 });
    expect(asked).toEqual([{ kind: 'hashtag', term: 'tag' }]);
    expect(page.items.map((post) => post.id)).toEqual([kept.id]);
  });

  it('bounds a word search to the last 7 days and keeps the cursor', async () => {
    const { deps, asked } = fakes([postOf('skylark')]);
    const page = await searchPosts(deps, { q: 'Sky', limit: 20 });
    expect(asked).toEqual([
      { kind: 'word', term: 'sky', sinceId: earliestIdAt(new Date('2026-11-24T12:00:00Z')) },
    ]);
    expect(page.nextCursor).toBe('next');
  });
});
