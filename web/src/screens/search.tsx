import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { PublicUser } from '../api-types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { UserCard } from '../components/user-card';
import { navigate, useLocation } from '../router';

/** People search; the query lives in the URL (`/search?q=ada`), so results can be linked and go back. */
export function Search() {
  useTitle('Search');
  const q = useLocation().query.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const [results, setResults] = useState<PublicUser[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    setTyped(q);
    setResults(undefined);
    setError(undefined);
    if (!q) return;
    api.searchUsers(q).then((page) => setResults(page.items), setError);
  }, [q]);
  return (
    <div>
      <h1>Search for people</h1>
      <search>
        <form
          class="search-form"
          onSubmit={(event) => {
            event.preventDefault();
            navigate(`/search?q=${encodeURIComponent(typed.trim())}`);
          }}
        >
          <label for="search-q">Name or username</label>
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
      <ErrorNotice error={error} />
      {q && !results && !error ? <Loading label="Searching…" /> : null}
      {results ? (
        <section aria-label="People found" class="results">
          {results.length === 0 ? (
            <p>No one matches “{q}”.</p>
          ) : (
            results.map((user) => <UserCard key={user.id} user={user} />)
          )}
        </section>
      ) : null}
    </div>
  );
}
