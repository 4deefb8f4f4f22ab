import type { ComponentChildren } from 'preact';
import type { Post } from '../api-types';
import { Link } from '../router';
import { PostActions } from './post-actions';
import { PostText } from './post-text';
import { RelativeTime } from './relative-time';

/**
 * One post, marked "Reposted by …" when it reached the list through a repost, with likes and reposts under it.
 * `actions` is a slot for what other features add under a post, so they extend the card without changing it.
 */
export function PostCard({ post, actions }: { post: Post; actions?: ComponentChildren }) {
  const author = post.author;
  const permalink = `/@${author.username}/${post.id}`;
  // Unique in a list that holds a post and a repost of it.
  const labelId = `post-${post.repostId ?? post.id}-author`;
  return (
    <article class="post" aria-labelledby={labelId}>
      {post.repostedBy ? (
        <p class="repost-note">
          <span aria-hidden="true">⇄ </span>Reposted by{' '}
          <Link href={`/@${post.repostedBy.username}`}>
            {post.repostedBy.firstName} {post.repostedBy.lastName}
          </Link>
        </p>
      ) : null}
      <header class="post-header">
        <Link href={`/@${author.username}`} class="post-author" id={labelId}>
          <strong>
            {author.firstName} {author.lastName}
          </strong>{' '}
          <span class="username">@{author.username}</span>
        </Link>
        <Link href={permalink} class="post-time">
          <RelativeTime iso={post.createdAt} />
        </Link>
      </header>
      <p class="post-text">
        <PostText post={post} />
      </p>
      <footer class="post-footer">
        {post.replyTo ? <span class="reply-note">In reply to a post · </span> : null}
        <Link href={permalink}>
          {post.replyCount > 0 ? `${post.replyCount} repl${post.replyCount === 1 ? 'y' : 'ies'}` : 'Reply'}
        </Link>
        <PostActions post={post} />
        {actions}
      </footer>
    </article>
  );
}
