import { useState } from 'preact/hooks';
import { api } from '../api';
import type { PublicUser } from '../api-types';
import { ErrorNotice } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { ListFooter } from '../components/paged-list';
import { UserCard } from '../components/user-card';
import { Link } from '../router';
import { countFollowRequests } from '../session';
import { usePagedList } from '../use-paged-list';
import { useSignedIn } from './guard';

const loadRequests = (cursor?: string) => api.followRequests(cursor);

/** `/follow-requests`: who asks to follow a protected account, each accepted or rejected (not told). */
export function FollowRequests() {
  useTitle('Follow requests');
  const me = useSignedIn();
  const list = usePagedList(loadRequests);
  const [error, setError] = useState<unknown>(undefined);
  const [answered, setAnswered] = useState<string | undefined>(undefined);
  const answer = async (user: PublicUser, accept: boolean) => {
    setError(undefined);
    try {
      await (accept ? api.acceptFollowRequest(user.username) : api.rejectFollowRequest(user.username));
      list.setItems((items) => items.filter((item) => item.id !== user.id));
      setAnswered(
        accept ? `@${user.username} now follows you.` : `You declined @${user.username}’s request.`,
      );
      void countFollowRequests();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div>
      <h1>Follow requests</h1>
      <p class="hint">
        {me?.protected
          ? 'Your account is protected: these people asked to follow you. Accepting lets them see your posts; declining is not told to them.'
          : 'Your account is not protected, so people follow you without asking.'}{' '}
        <Link href="/settings/privacy">Privacy settings</Link>
      </p>
      {answered ? (
        <p class="notice notice-ok" role="status">
          {answered}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <ul class="people" aria-label="Follow requests">
        {list.items.map((user) => (
          <li key={user.id} class="person-row">
            <UserCard user={user} />
            <span class="button-row">
              <button type="button" onClick={() => void answer(user, true)}>
                Accept @{user.username}
              </button>{' '}
              <button type="button" class="button-secondary" onClick={() => void answer(user, false)}>
                Decline @{user.username}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <ListFooter list={list} empty="No pending requests." moreLabel="More requests" />
    </div>
  );
}
