/**
 * Writes handed to a store page by page, as they are produced: the fan-outs (./fan-out.ts, the repost fan-out
 * in ./engagement/reactions.ts) read a page of followers and the store writes it while the next page is read,
 * so writing starts with the first page instead of after the whole follower list.
 */

/**
 * Writes as one list, or as pages produced while they are written (an async iterable: the store starts writing
 * the first page while the next is read). Pages must not name one key twice with different operations.
 */
export type WriteSource<W> = readonly W[] | AsyncIterable<readonly W[]>;

/** The pages of `source`, each also appended to `written` as it passes (what an undo must take back). */
export async function* recorded<W>(source: WriteSource<W>, written: W[]): AsyncIterable<readonly W[]> {
  if (Array.isArray(source)) {
    written.push(...(source as readonly W[]));
    yield source as readonly W[];
    return;
  }
  for await (const page of source as AsyncIterable<readonly W[]>) {
    written.push(...page);
    yield page;
  }
}

/** `first`, then one write per follower id, page by page as the followers are read. */
export async function* withFollowerWrites<W>(
  followerIdPages: AsyncIterable<string[]>,
  first: readonly W[],
  perFollower: ((ownerId: string) => W) | undefined,
): AsyncIterable<readonly W[]> {
  if (first.length > 0) yield first;
  if (!perFollower) return;
  for await (const page of followerIdPages) yield page.map(perFollower);
}

/** Every write of a source, in order (for stores that apply writes as one list, e.g. test fakes). */
export async function allWrites<W>(source: WriteSource<W>): Promise<W[]> {
  const written: W[] = [];
  for await (const _page of recorded(source, written));
  return written;
}
