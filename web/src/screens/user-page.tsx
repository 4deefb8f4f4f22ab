import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api, FIRST_PAGE_LIMIT } from '../api';
import type { ProfileForViewer } from '../api-types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { Timeline } from '../components/timeline';
import { designProperties } from '../design-style';
import { startEarly, takeEarly } from '../early-reads';
import { Link } from '../router';
import { FollowButton } from './follow-button';
import { useSignedIn } from './guard';
import { RelationshipMenu } from './relationship-menu';

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
  const [version, setVersion] = useState(0);
  useEffect(() => {
    setError(undefined);
    // A re-read after block or mute keeps the page on screen while it loads.
    const read =
      version === 0 ? takeEarly(profileKey(username), () => api.user(username)) : api.user(username);
    if (version === 0) setUser(undefined);
    read.then(setUser, setError);
  }, [username, version]);
  const loadPosts = useCallback(
    (cursor?: string) => {
      if (tab === 'likes') return api.userLikes(username, cursor);
      return cursor
        ? api.userPosts(username, cursor)
        : takeEarly(postsKey(username), () => api.userPosts(username, undefined, FIRST_PAGE_LIMIT));
    },
    [username, tab],
  );

  if (error instanceof ApiError && error.code === 'user_not_found')
    return <NotAvailable username={username} />;
  if (error) return <ErrorNotice error={error} />;
  if (!user) return <Loading label="Loading profile…" />;
  const own = me?.username === user.username;
  const viewer = user.viewer;
  // Posts the API would refuse (404) are not asked for: the page says why instead.
  const hidden = viewer?.blocking
    ? `You block @${user.username}: neither of you sees the other’s posts. Unblock them from the menu to see their posts again.`
    : user.protected && !own && !viewer?.following
      ? `@${user.username} protects their posts: only people they approve can see them.`
      : undefined;
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
        {user.protected ? <p class="protected-mark">Protected account</p> : null}
        {me && viewer ? (
          <>
            {viewer.blocking ? null : (
              <FollowButton
                key={`${viewer.following}-${viewer.requested}`}
                username={user.username}
                state={viewer.following ? 'following' : viewer.requested ? 'requested' : 'none'}
                onChange={(delta) => setUser({ ...user, followerCount: user.followerCount + delta })}
              />
            )}
            <RelationshipMenu
              username={user.username}
              blocking={viewer.blocking}
              muting={viewer.muting}
              onChange={() => setVersion((n) => n + 1)}
            />
            {viewer.followedBy && !viewer.blocking ? (
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
        {hidden ? (
          <p class="notice">{hidden}</p>
        ) : (
          <Timeline
            key={version}
            load={loadPosts}
            label={tab === 'likes' ? `Posts @${user.username} liked` : `Posts by @${user.username}`}
            empty={
              tab === 'likes'
                ? `@${user.username} has not liked anything yet.`
                : `@${user.username} has not posted yet.`
            }
          />
        )}
      </div>
    </div>
  );
}

/**
 * What the API's 404 for a page means to a reader: no such account, or one not available to them (it blocks
 * them, or it is suspended or deleted). The API answers all of these alike, so the page does too.
 */
function NotAvailable({ username }: { username: string }) {
  useTitle('Not available');
  return (
    <section class="panel" aria-labelledby="not-available">
      <h1 id="not-available">This account is not available</h1>
      <p>
        There is no account @{username} that you can see: it does not exist, or it is not available to you.
      </p>
      <p>
        <Link href="/">Go home</Link>
      </p>
    </section>
  );
}
