import { useCallback } from 'preact/hooks';
import { api } from '../api';
import { useTitle } from '../components/layout';
import { Timeline } from '../components/timeline';

/** `/tags/{tag}`: every post with the hashtag, newest first (the server folds case and accents). */
export function Hashtag({ params }: { params: Record<string, string> }) {
  const tag = params.tag ?? '';
  useTitle(`#${tag}`);
  const load = useCallback((cursor?: string) => api.hashtagPosts(tag, cursor), [tag]);
  return (
    <div>
      <h1>#{tag}</h1>
      <Timeline load={load} label={`Posts tagged #${tag}`} empty={`No posts with #${tag} yet.`} />
    </div>
  );
}
