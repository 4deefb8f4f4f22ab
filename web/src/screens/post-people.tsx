import { useCallback } from 'preact/hooks';
import { api } from '../api';
import { useTitle } from '../components/layout';
import { ListFooter } from '../components/paged-list';
import { UserCard } from '../components/user-card';
import { Link } from '../router';
import { usePagedList } from '../use-paged-list';

const LISTS = {
  likes: { title: 'Liked by', load: api.likers, empty: 'Nobody has liked this post yet.' },
  reposts: { title: 'Reposted by', load: api.reposters, empty: 'Nobody has reposted this post yet.' },
} as const;

/** `/@{username}/{postId}/likes` and `…/reposts`: who liked or reposted a post, newest first. */
export function PostPeople({ params }: { params: Record<string, string> }) {
  const postId = params.postId ?? '';
  const kind = params.list === 'reposts' ? LISTS.reposts : LISTS.likes;
  useTitle(kind.title);
  const load = useCallback((cursor?: string) => kind.load(postId, cursor), [kind, postId]);
  const list = usePagedList(load);
  return (
    <div>
      <h1>{kind.title}</h1>
      <p>
        <Link href={`/@${params.username ?? ''}/${postId}`}>Back to the post</Link>
      </p>
      <section aria-label={kind.title} class="results">
        {list.items.map((user) => (
          <UserCard key={user.id} user={user} />
        ))}
      </section>
      <ListFooter list={list} empty={kind.empty} moreLabel="More people" />
    </div>
  );
}
