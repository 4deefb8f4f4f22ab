/**
 * Post search without a search engine: hashtag pages and word-prefix search over recent posts, answered by exact
 * index partitions on the table (written by a stream reaction, see docs/data-model.md). Tags, words and queries
 * are folded exactly as user search folds names (`foldForSearch`), so `#Tag`, `#tag` and `#TÂG` are one tag.
 *
 * A read is four stages: skeleton (one Query of an index partition, newest first) → hydrate (one batched read
 * of the page's posts; posts deleted since they were indexed drop out; the signed-in reader's viewer state, one
 * Query) → present.
 */
import { encodeTime } from 'ulid';
import { ValidationError } from '#shared/errors';
import type { StreamChange } from './fan-out';
import type { Page } from './pagination';
import type { PageRequest, Post } from './post';
import { hydratePosts, type PostHydration } from './read-stages';
import { foldForSearch } from './search';

export const POST_SEARCH_RULES = {
  /** Shorter word queries would each match a large share of all posts. */
  minQueryLength: 2,
  /** Word prefixes are indexed up to this length; a longer query matches that whole word only. */
  maxIndexedPrefix: 10,
  /** Whole words (and tags) are indexed up to this length. */
  maxWordLength: 50,
  /** Word search covers posts this recent; hashtag pages keep every post. */
  wordSearchDays: 7,
} as const;

const DAY_MS = 86_400_000;
const WORD_SEPARATOR = /[^\p{L}\p{N}_]+/u;

/** A post as an index entry points at it: enough to read the post item itself. */
export interface IndexedPostRef {
  postId: string;
  authorId: string;
}

/** What one post is indexed under. */
export interface PostIndexTerms {
  hashtags: string[];
  wordPrefixes: string[];
}

/** The folded form of a tag (without '#'), or undefined when nothing searchable is left. */
export function foldTag(tag: string): string | undefined {
  const folded = foldForSearch(tag.replace(/^#/, ''));
  if (folded.length === 0) return undefined;
  return [...folded].slice(0, POST_SEARCH_RULES.maxWordLength).join('');
}

/**
 * The terms a post is indexed under: its folded hashtags, and for each word of its text outside URLs every
 * prefix from 2 to 10 characters plus the whole word when longer. Deterministic (sorted, distinct), so an
 * index write replayed for the same post writes the same entries.
 */
export function indexTermsOf(post: Pick<Post, 'text' | 'entities'>): PostIndexTerms {
  const hashtags = new Set<string>();
  for (const hashtag of post.entities.hashtags) {
    const tag = foldTag(hashtag.tag);
    if (tag) hashtags.add(tag);
  }
  const prefixes = new Set<string>();
  for (const word of wordsOutsideUrls(post)) {
    const characters = [...word].slice(0, POST_SEARCH_RULES.maxWordLength);
    const longest = Math.min(characters.length, POST_SEARCH_RULES.maxIndexedPrefix);
    for (let length = POST_SEARCH_RULES.minQueryLength; length <= longest; length++) {
      prefixes.add(characters.slice(0, length).join(''));
    }
    if (characters.length > POST_SEARCH_RULES.maxIndexedPrefix) prefixes.add(characters.join(''));
  }
  return { hashtags: [...hashtags].sort(), wordPrefixes: [...prefixes].sort() };
}

function wordsOutsideUrls(post: Pick<Post, 'text' | 'entities'>): string[] {
  let text = post.text;
  // From the end, so earlier offsets stay valid.
  for (const url of [...post.entities.urls].sort((a, b) => b.start - a.start)) {
    text = `${text.slice(0, url.start)} ${text.slice(url.end)}`;
  }
  return foldForSearch(text)
    .split(WORD_SEPARATOR)
    .filter((word) => word.length > 0);
}

export type PostQuery = { kind: 'hashtag'; tag: string } | { kind: 'word'; prefix: string };

/**
 * Reads `q` of GET /v1/search/posts: `#tag` searches the hashtag, anything else a word prefix (one word).
 * @throws ValidationError invalid_query
 */
export function parsePostQuery(q: string): PostQuery {
  const trimmed = q.trim();
  if (trimmed.startsWith('#')) {
    const tag = foldTag(trimmed);
    if (!tag || WORD_SEPARATOR.test(tag)) throw invalidQuery('A hashtag query is # and one tag');
    return { kind: 'hashtag', tag };
  }
  const folded = foldForSearch(trimmed);
  if (WORD_SEPARATOR.test(folded) || [...folded].length < POST_SEARCH_RULES.minQueryLength) {
    throw invalidQuery(
      `Search for #tag or one word of at least ${POST_SEARCH_RULES.minQueryLength} letters or digits`,
    );
  }
  const characters = [...folded].slice(0, POST_SEARCH_RULES.maxWordLength);
  return { kind: 'word', prefix: characters.join('') };
}

function invalidQuery(message: string): ValidationError {
  return new ValidationError('invalid_query', message);
}

/**
 * The smallest post id (ULID) created at or after an instant: a key condition `SK >= POST#<it>` keeps a read to
 * recent posts without a filter.
 */
export function earliestIdAt(instant: Date): string {
  return `${encodeTime(instant.getTime(), 10)}${'0'.repeat(16)}`;
}

/** The index the search routes read (shared/db/post-index-repository.ts). */
export interface PostIndex {
  pageByHashtag(tag: string, page: PageRequest): Promise<Page<IndexedPostRef>>;
  /** Entries of posts with ids from `sinceId` on, newest first. */
  pageByWordPrefix(prefix: string, sinceId: string, page: PageRequest): Promise<Page<IndexedPostRef>>;
}

/** The posts behind index entries, in the order given; posts that are gone are left out. */
export type LoadPosts = (refs: readonly IndexedPostRef[]) => Promise<Post[]>;

export interface PostSearchDeps {
  index: PostIndex;
  loadPosts: LoadPosts;
  clock: { now(): Date };
  /** The hydrate stage's viewer state (the posts are read whole by `loadPosts`, so no copies to refresh). */
  hydration?: PostHydration;
}

/** Who reads: viewer state for a signed-in reader. */
type Reader = { viewerId?: string | undefined };

/** The posts with a hashtag, newest first. @throws ValidationError invalid_query for a tag with nothing to fold */
export async function listHashtagPosts(
  deps: PostSearchDeps,
  input: { tag: string } & PageRequest & Reader,
): Promise<Page<Post>> {
  const tag = foldTag(input.tag);
  if (!tag) throw invalidQuery('Expected a hashtag');
  return hydrate(deps, await deps.index.pageByHashtag(tag, input), input);
}

/** Posts matching `#tag` (any age) or a word prefix (recent posts), newest first. */
export async function searchPosts(
  deps: PostSearchDeps,
  input: { q: string } & PageRequest & Reader,
): Promise<Page<Post>> {
  const query = parsePostQuery(input.q);
  const skeleton =
    query.kind === 'hashtag'
      ? await deps.index.pageByHashtag(query.tag, input)
      : await deps.index.pageByWordPrefix(query.prefix, earliestIdAt(recentSince(deps.clock.now())), input);
  return hydrate(deps, skeleton, input);
}

function recentSince(now: Date): Date {
  return new Date(now.getTime() - POST_SEARCH_RULES.wordSearchDays * DAY_MS);
}

async function hydrate(
  deps: PostSearchDeps,
  skeleton: Page<IndexedPostRef>,
  reader: Reader,
): Promise<Page<Post>> {
  const posts = await deps.loadPosts(skeleton.items);
  // Scope `search`: a protected account's posts never show here but to their owner (relationships/visibility.ts).
  const items = await hydratePosts(posts, {
    viewerId: reader.viewerId,
    hydration: deps.hydration,
    scope: 'search',
  });
  return { items, nextCursor: skeleton.nextCursor };
}

/** When a post's word entries expire (TTL, epoch seconds): the end of the word-search window. */
export function wordEntryExpiresAt(post: Pick<Post, 'createdAt'>): number {
  return Math.floor((Date.parse(post.createdAt) + POST_SEARCH_RULES.wordSearchDays * DAY_MS) / 1000);
}

/** Writes and removes a post's index entries (deterministic keys: both idempotent). */
export interface PostIndexWriter {
  index(post: Post): Promise<void>;
  unindex(post: Post): Promise<void>;
}

/** The index reaction: a new post is indexed, a deleted one unindexed; other changes are not its business. */
export async function updatePostIndex(
  deps: { writer: PostIndexWriter },
  change: StreamChange,
): Promise<void> {
  if (change.kind === 'post_created') await deps.writer.index(change.post);
  if (change.kind === 'post_deleted') await deps.writer.unindex(change.post);
}
