import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { PublicUser } from '../api-types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { Timeline } from '../components/timeline';
import { designProperties } from '../design-style';
import { FollowButton } from './follow-button';
import { useSignedIn } from './guard';

/** `/@username`: the profile and posts, drawn in the owner's design (CSS custom properties on the page root). */
export function UserPage({ params }: { params: Record<string, string> }) {
  const username = (params.username ?? '').toLowerCase();
  const [user, setUser] = useState<PublicUser | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const me = useSignedIn();
  useTitle(user ? `${user.firstName} ${user.lastName} (@${user.username})` : `@${username}`);
  useEffect(() => {
    setUser(undefined);
    setError(undefined);
    api.user(username).then(setUser, setError);
  }, [username]);
  const loadPosts = useCallback((cursor?: string) => api.userPosts(username, cursor), [username]);

  if (error) return <ErrorNotice error={error} />;
  if (!user) return <Loading label="Loading profile…" />;
  return (
    <div class="user-page" style={designProperties(user.design)} data-testid="user-page">
      <div class="user-main">
        <h1>
          {user.firstName} {user.lastName} <span class="username">@{user.username}</span>
        </h1>
        <Timeline
          load={loadPosts}
          label={`Posts by @${user.username}`}
          empty={`@${user.username} has not posted yet.`}
        />
      </div>
      <aside class="user-sidebar" aria-label="About">
        {user.bio ? <p class="bio">{user.bio}</p> : null}
        <dl class="profile-facts">
          {user.location ? (
            <>
              <dt>Location</dt>
              <dd>{user.location}</dd>
            </>
          ) : null}
          {user.website ? (
            <>
              <dt>Web</dt>
              <dd>
                <a href={user.website} rel="noopener noreferrer nofollow ugc me">
                  {user.website.replace(/^https?:\/\//, '')}
                </a>
              </dd>
            </>
          ) : null}
          {user.accountType === 'business' && user.category ? (
            <>
              <dt>Business</dt>
              <dd>{user.category}</dd>
            </>
          ) : null}
        </dl>
        <ul class="counts">
          <li>
            <strong>{user.followingCount}</strong> following
          </li>
          <li>
            <strong>{user.followerCount}</strong> followers
          </li>
          <li>
            <strong>{user.postCount}</strong> posts
          </li>
        </ul>
        {me && me.username !== user.username ? (
          <FollowButton
            me={me.username}
            username={user.username}
            onChange={(delta) => setUser({ ...user, followerCount: user.followerCount + delta })}
          />
        ) : null}
      </aside>
    </div>
  );
}
