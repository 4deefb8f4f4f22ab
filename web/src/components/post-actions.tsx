import { api } from '../api';
import type { Post } from '../api-types';
import { Link } from '../router';
import { session } from '../session';
import { useStore } from '../store';
import { countLabel } from '../toggle';
import { useOptimisticToggle } from '../use-optimistic-toggle';
import { ErrorNotice } from './error-notice';

/**
 * Like and repost under a post: toggle buttons (aria-pressed) for signed-in readers, changed at once and put back
 * when the server refuses; the counts link to who liked and who reposted; "Report" opens the report form.
 */
export function PostActions({ post }: { post: Post }) {
  const state = useStore(session);
  const signedIn = state.status === 'signed-in';
  const ownPost = state.status === 'signed-in' && state.me.username === post.author.username;
  const like = useOptimisticToggle(
    { active: post.viewer?.liked ?? false, count: post.likeCount },
    () => api.like(post.id),
    () => api.unlike(post.id),
  );
  const repost = useOptimisticToggle(
    { active: post.viewer?.reposted ?? false, count: post.repostCount },
    () => api.repost(post.id),
    () => api.unrepost(post.id),
  );
  const permalink = `/@${post.author.username}/${post.id}`;
  return (
    <>
      {signedIn ? (
        <button
          type="button"
          class="action action-like"
          aria-pressed={like.state.active ? 'true' : 'false'}
          onClick={() => void like.toggle()}
        >
          <span aria-hidden="true">{like.state.active ? '♥' : '♡'}</span> Like
        </button>
      ) : null}
      <Link href={`${permalink}/likes`} class="action-count">
        {countLabel(like.state.count, 'like', 'likes')}
      </Link>
      {signedIn ? (
        <button
          type="button"
          class="action action-repost"
          aria-pressed={repost.state.active ? 'true' : 'false'}
          onClick={() => void repost.toggle()}
        >
          <span aria-hidden="true">⇄</span> Repost
        </button>
      ) : null}
      <Link href={`${permalink}/reposts`} class="action-count">
        {countLabel(repost.state.count, 'repost', 'reposts')}
      </Link>
      {signedIn && !ownPost ? (
        <Link href={`${permalink}/report`} class="action-report">
          Report<span class="visually-hidden"> this post by @{post.author.username}</span>
        </Link>
      ) : null}
      <ErrorNotice error={like.error ?? repost.error} />
    </>
  );
}
