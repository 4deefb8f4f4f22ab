import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice } from '../components/error-notice';

/** Pages of the caller's followees read to tell whether they follow `username` (no relationship route yet). */
const MAX_FOLLOWING_PAGES = 5;

async function isFollowing(me: string, username: string): Promise<boolean> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_FOLLOWING_PAGES; page++) {
    const result = await api.following(me, cursor);
    if (result.items.some((user) => user.username === username)) return true;
    if (!result.nextCursor) return false;
    cursor = result.nextCursor;
  }
  return false;
}

export function FollowButton({
  me,
  username,
  onChange,
}: {
  me: string;
  username: string;
  onChange: (delta: number) => void;
}) {
  const [following, setFollowing] = useState<boolean | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    isFollowing(me, username).then(setFollowing, () => setFollowing(false));
  }, [me, username]);
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (following) await api.unfollow(username);
      else await api.follow(username);
      onChange(following ? -1 : 1);
      setFollowing(!following);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="follow">
      <button
        type="button"
        onClick={toggle}
        disabled={busy || following === undefined}
        aria-pressed={following ? 'true' : 'false'}
      >
        {following ? `Unfollow @${username}` : `Follow @${username}`}
      </button>
      <ErrorNotice error={error} />
    </div>
  );
}
