import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Page, Post, PublicUser } from '../api-types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { Timeline } from '../components/timeline';
import { UserCard } from '../components/user-card';
import { navigate, useLocation } from '../router';

const NO_POSTS: Page<Post> = { items: [], nextCursor: null };

/**
 * People and posts, side by side; the query lives in the URL (`/search?q=ada`), so results can be linked and go
 * back. A `#tag` searches posts only (it is no one's name); post search takes one word or a #tag, and says so.
 */
export function Search() {
  useTitle('Search');
  const q = useLocation().query.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const [people, setPeople] = useState<PublicUser[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const isTag = q.startsWith('#');
  // The box follows the URL when it changes (back, forward, a link), but not on the first render: resetting it
  // then would wipe what someone typed before the effect ran.
  const shownQuery = useRef(q);
  useEffect(() => {
    if (shownQuery.current !== q) {
      shownQuery.current = q;
      setTyped(q);
    }
    setPeople(undefined);
    setError(undefined);
    if (!q || isTag) return;
    api.searchUsers(q).then((page) => setPeople(page.items), setError);
  }, [q, isTag]);
  const loadPosts = useCallback(
    (cursor?: string) => (q ? api.searchPosts(q, cursor) : Promise.resolve(NO_POSTS)),
    [q],
  );
  return (
    <div>
      <h1>Search</h1>
      <search>
        <form
          class="search-form"
          onSubmit={(event) => {
            event.preventDefault();
            navigate(`/search?q=${encodeURIComponent(typed.trim())}`);
          }}
        >
          <label for="search-q">Name, username, word or #hashtag</label>
          <input
            id="search-q"
            name="q"
            type="search"
            value={typed}
            onInput={(event) => setTyped(event.currentTarget.value)}
          />
          <button type="submit">Search</button>
        </form>
      </search>
      {q ? (
        <div class="search-results">
          {isTag ? null : (
            <section aria-labelledby="people-found" class="results">
              <h2 id="people-found">People</h2>
              <ErrorNotice error={error} />
              {!people && !error ? <Loading label="Searching…" /> : null}
              {people?.length === 0 ? <p>No one matches “{q}”.</p> : null}
              {people?.map((user) => (
                <UserCard key={user.id} user={user} />
              ))}
            </section>
          )}
          <section aria-labelledby="posts-found">
            <h2 id="posts-found">Posts</h2>
            <Timeline load={loadPosts} label="Posts found" empty={`No recent post matches “${q}”.`} />
          </section>
        </div>
      ) : null}
    </div>
  );
}
