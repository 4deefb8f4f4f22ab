import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Page, Post } from '../api-types';
import { ErrorNotice, Loading } from './error-notice';
import { PostCard } from './post-card';

const NEW_POSTS_POLL_MS = 30_000;

/**
 * An entry's identity and position in a list: a repost sits at the repost's id (a user's page can hold their
 * post and, newer, their repost of it), a post at its own.
 */
const position = (post: Post) => post.repostId ?? post.id;

interface TimelineProps {
  /** One page of the list, by cursor (the API's opaque nextCursor). */
  load: (cursor?: string) => Promise<Page<Post>>;
  /** Posts this page created itself, shown at the top until the list has them. */
  own?: readonly Post[];
  /** Poll for newer posts and offer them (home timeline). */
  watchForNew?: boolean;
  label: string;
  empty: string;
}

/**
 * A list of posts with infinite scroll by cursor: the next page loads when the end comes into view, and a
 * button does the same for keyboard users. The list keeps a minimum height while loading, so nothing jumps.
 */
export function Timeline({ load, own = [], watchForNew = false, label, empty }: TimelineProps) {
  const [posts, setPosts] = useState<Post[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [newer, setNewer] = useState<Post[]>([]);
  const end = useRef<HTMLDivElement>(null);

  const loadPage = useCallback(
    async (from?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await load(from);
        setPosts((shown) =>
          from
            ? [...shown, ...page.items.filter((p) => !shown.some((s) => position(s) === position(p)))]
            : page.items,
        );
        setCursor(page.nextCursor);
      } catch (failure) {
        setError(failure);
      } finally {
        setLoading(false);
      }
    },
    [load],
  );

  useEffect(() => {
    setPosts([]);
    setNewer([]);
    setCursor(undefined);
    void loadPage();
  }, [loadPage]);

  useEffect(() => {
    const sentinel = end.current;
    if (!sentinel || !cursor || loading) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void loadPage(cursor);
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [cursor, loading, loadPage]);

  useEffect(() => {
    if (!watchForNew) return;
    const timer = setInterval(async () => {
      const page = await load().catch(() => undefined);
      if (!page) return;
      setPosts((shown) => {
        const newest = shown[0] ? position(shown[0]) : '';
        setNewer(page.items.filter((post) => position(post) > newest));
        return shown;
      });
    }, NEW_POSTS_POLL_MS);
    return () => clearInterval(timer);
  }, [watchForNew, load]);

  const showNewer = () => {
    setPosts((shown) => [
      ...newer,
      ...shown.filter((post) => !newer.some((n) => position(n) === position(post))),
    ]);
    setNewer([]);
  };

  const ownFirst = own.filter((post) => !posts.some((shown) => shown.id === post.id));
  const all = [...ownFirst, ...posts];
  return (
    <section class="timeline" aria-label={label} aria-busy={loading ? 'true' : 'false'}>
      {newer.length > 0 ? (
        <button type="button" class="new-posts" onClick={showNewer}>
          {newer.length} new post{newer.length === 1 ? '' : 's'}
        </button>
      ) : null}
      {all.map((post) => (
        <PostCard key={position(post)} post={post} />
      ))}
      {!loading && !error && all.length === 0 ? <p class="empty">{empty}</p> : null}
      {loading ? <Loading label="Loading posts…" /> : null}
      <ErrorNotice error={error} />
      <div ref={end} class="timeline-end">
        {cursor && !loading ? (
          <button type="button" class="link-button" onClick={() => void loadPage(cursor)}>
            Older posts
          </button>
        ) : null}
      </div>
    </section>
  );
}
