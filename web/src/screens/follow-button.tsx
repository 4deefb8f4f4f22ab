import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice } from '../components/error-notice';

/** Follow / unfollow, starting from the profile's `viewer.following` (GET /v1/users/{username} tells it). */
export function FollowButton({
  username,
  following: initial,
  onChange,
}: {
  username: string;
  following: boolean;
  onChange: (delta: number) => void;
}) {
  const [following, setFollowing] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
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
      <button type="button" onClick={toggle} disabled={busy}>
        {following ? `Unfollow @${username}` : `Follow @${username}`}
      </button>
      <ErrorNotice error={error} />
    </div>
  );
}
