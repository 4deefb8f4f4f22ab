/** Many posts by key in one batched read (lists of liked posts, notifications, repost pages). */
import type { Post } from '#shared/domain/post';
import { batchGet } from './batch-get';
import { keys } from './keys';
import { parsePostItem } from './post-item';

/** The posts that still exist, in the order asked (BatchGetItem, 100 keys a request, retried). */
export async function getPostsByRefs(
  refs: ReadonlyArray<{ authorId: string; postId: string }>,
): Promise<Post[]> {
  const items = await batchGet(refs.map((ref) => keys.post(ref.authorId, ref.postId)));
  const found = new Map(items.map((item) => [String(item.postId), parsePostItem(item)]));
  return refs.flatMap((ref) => found.get(ref.postId) ?? []);
}
