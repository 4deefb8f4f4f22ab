import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Post } from '../api-types';
import { ComposeBox } from '../components/compose-box';
import { ErrorNotice, Loading } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { PostCard } from '../components/post-card';
import { Timeline } from '../components/timeline';
import { Link } from '../router';
import { useSignedIn } from './guard';

/** `/@username/{postId}`: one post, its replies (oldest first), and a reply box for signed-in people. */
export function PostPage({ params }: { params: Record<string, string> }) {
  const postId = params.postId ?? '';
  const [post, setPost] = useState<Post | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [ownReplies, setOwnReplies] = useState<Post[]>([]);
  const me = useSignedIn();
  useTitle(post ? `@${post.author.username}: ${post.text.slice(0, 40)}` : 'Post');
  useEffect(() => {
    setPost(undefined);
    setError(undefined);
    setOwnReplies([]);
    api.post(postId).then(setPost, setError);
  }, [postId]);
  const loadReplies = useCallback((cursor?: string) => api.replies(postId, cursor), [postId]);
  if (error) return <ErrorNotice error={error} />;
  if (!post) return <Loading label="Loading post…" />;
  return (
    <div class="post-page">
      <h1 class="visually-hidden">Post by @{post.author.username}</h1>
      {post.replyTo ? (
        <p>
          <Link href={`/@${post.author.username}/${post.replyTo}`}>Show the post this replies to</Link>
        </p>
      ) : null}
      <PostCard post={post} />
      {me ? (
        <ComposeBox
          id={`compose-reply-${post.id}`}
          send={(text) => api.createPost(text, post.id)}
          label={`Reply to @${post.author.username}`}
          submitLabel="Reply"
          busyLabel="Replying…"
          onSent={(reply: Post) => setOwnReplies((replies) => [...replies, reply])}
        />
      ) : null}
      <h2>Replies</h2>
      <Timeline load={loadReplies} own={ownReplies} label="Replies" empty="No replies yet." />
    </div>
  );
}
