/**
 * A signed-in reader's viewer state for a page of posts: what they liked and reposted. The reader's edges are
 * keyed by post id, so ONE Query over the page's id range (smallest to largest id) finds them all, at a
 * fraction of a read unit, instead of a key lookup per post (0.5 RCU each, found or not).
 */

export interface ViewerState {
  liked: boolean;
  reposted: boolean;
}

/** The user's likes and reposts of the posts whose ids lie in [fromPostId, toPostId]: one Query. */
export type EngagedBetween = (
  userId: string,
  fromPostId: string,
  toPostId: string,
) => Promise<Array<{ kind: 'like' | 'repost'; postId: string }>>;

export async function viewerStates(
  engagedBetween: EngagedBetween,
  readerId: string,
  postIds: readonly string[],
): Promise<Map<string, ViewerState>> {
  const states = new Map<string, ViewerState>(postIds.map((id) => [id, { liked: false, reposted: false }]));
  if (postIds.length === 0) return states;
  const sorted = [...postIds].sort();
  const edges = await engagedBetween(readerId, sorted[0] as string, sorted.at(-1) as string);
  for (const edge of edges) {
    const state = states.get(edge.postId);
    if (!state) continue;
    if (edge.kind === 'like') state.liked = true;
    else state.reposted = true;
  }
  return states;
}
