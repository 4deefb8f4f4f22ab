import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, FIRST_PAGE_LIMIT } from '../api';
import type { ProfileForViewer } from '../api-types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { Timeline } from '../components/timeline';
import { designProperties } from '../design-style';
import { startEarly, takeEarly } from '../early-reads';
import { Link } from '../router';
import { FollowButton } from './follow-button';
import { useSignedIn } from './guard';

const profileKey = (username: string) => `user:${username}`;
const postsKey = (username: string) => `posts:${username}`;

/** The user page as the first screen: profile and first page of posts go out with GET /v1/me, not after it. */
export function readUserPageEarly(params: Record<string, string>): void {
  const username = (params.username ?? '').toLowerCase();
  startEarly(profileKey(username), () => api.user(username));
  startEarly(postsKey(username), () => api.userPosts(username, undefined, FIRST_PAGE_LIMIT));
}

/**
 * `/@username` (posts, reposts marked) and `/@username/likes` (the posts they liked): the profile drawn in the
 * owner's design (CSS custom properties on the page root), with follow and message for signed-in readers.
 */
export function UserPage({ params }: { params: Record<string, string> }) {
  const username = (params.username ?? '').toLowerCase();
  const tab = params.tab === 'likes' ? 'likes' : 'posts';
  const [user, setUser] = useState<ProfileForViewer | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const me = useSignedIn();
  useTitle(user ? `${user.firstName} ${user.lastName} (@${user.username})` : `@${username}`);
  useEffect(() => {
    setUser(undefined);
    setError(undefined);
    takeEarly(profileKey(username), () => api.user(username)).then(setUser, setError);
  }, [username]);
  const loadPosts = useCallback(
    (cursor?: string) => {
      if (tab === 'likes') return api.userLikes(username, cursor);
      return cursor
        ? api.userPosts(username, cursor)
        : takeEarly(postsKey(username), () => api.userPosts(username, undefined, FIRST_PAGE_LIMIT));
    },
    [username, tab],
  );

  if (error) return <ErrorNotice error={error} />;
  if (!user) return <Loading label="Loading profile…" />;
  return (
    <div class="user-page" style={designProperties(user.design)} data-testid="user-page">
      <h1 class="user-head">
        {user.firstName} {user.lastName} <span class="username">@{user.username}</span>
      </h1>
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
        {me && user.viewer ? (
          <>
            <FollowButton
              username={user.username}
              following={user.viewer.following}
              onChange={(delta) => setUser({ ...user, followerCount: user.followerCount + delta })}
            />
            {user.viewer.followedBy ? (
              <p>
                <Link href={`/messages/${user.username}`}>Message @{user.username}</Link>
              </p>
            ) : null}
          </>
        ) : null}
      </aside>
      <div class="user-main">
        <nav aria-label={`@${user.username}’s lists`}>
          <ul class="tabs">
            <li>
              <Link href={`/@${user.username}`} aria-current={tab === 'posts' ? 'page' : undefined}>
                Posts
              </Link>
            </li>
            <li>
              <Link href={`/@${user.username}/likes`} aria-current={tab === 'likes' ? 'page' : undefined}>
                Likes
              </Link>
            </li>
          </ul>
        </nav>
        <Timeline
          load={loadPosts}
          label={tab === 'likes' ? `Posts @${user.username} liked` : `Posts by @${user.username}`}
          empty={
            tab === 'likes'
              ? `@${user.username} has not liked anything yet.`
              : `@${user.username} has not posted yet.`
          }
        />
      </div>
    </div>
  );
}
