import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice } from '../components/error-notice';

/** Where the reader stands: following, waiting for a protected account's answer, or neither. */
export type FollowState = 'following' | 'requested' | 'none';

/**
 * Follow / unfollow, starting from the profile's `viewer` (GET /v1/users/{username} tells it). Following a
 * protected account is a request (202 `{"state":"requested"}`): it shows as "Requested" and can be withdrawn
 * (DELETE of the follow withdraws a pending request).
 */
export function FollowButton({
  username,
  state: initial,
  onChange,
}: {
  username: string;
  state: FollowState;
  onChange: (delta: number) => void;
}) {
  const [state, setState] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const act = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (state === 'none') {
        const answer = await api.follow(username);
        const next = answer?.state === 'requested' ? 'requested' : 'following';
        if (next === 'following') onChange(1);
        setState(next);
      } else {
        await api.unfollow(username);
        if (state === 'following') onChange(-1);
        setState('none');
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="follow">
      {state === 'requested' ? (
        <p class="follow-requested" role="status">
          <strong>Requested</strong>: @{username} approves who follows them.
        </p>
      ) : null}
      <button type="button" onClick={act} disabled={busy}>
        {state === 'following'
          ? `Unfollow @${username}`
          : state === 'requested'
            ? 'Cancel request'
            : `Follow @${username}`}
      </button>
      <ErrorNotice error={error} />
    </div>
  );
}
