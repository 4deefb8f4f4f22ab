/**
 * Page digests in memory, for the unit tests of the reactions that keep them (the DynamoDB storage is tested
 * against DynamoDB Local). `newestPage` is the author's page as the test's world holds it.
 */
import type { PageDigest, PageDigestStorage } from '#shared/domain/page-digest';
import type { AuthorPage } from '#shared/domain/pulled-page-cache';

export function memoryPageDigests(
  newestPage: (authorId: string, limit: number) => AuthorPage = () => ({
    posts: [],
    exhausted: true,
  }),
) {
  const digests = new Map<string, { digest: PageDigest; version: number }>();
  const storage: PageDigestStorage = {
    read: async (authorId) => digests.get(authorId),
    write: async (authorId, digest, expectedVersion) => {
      const current = digests.get(authorId);
      if ((current?.version ?? null) !== expectedVersion) return false;
      digests.set(authorId, { digest, version: (expectedVersion ?? 0) + 1 });
      return true;
    },
    newestPage: async (authorId, limit) => newestPage(authorId, limit),
  };
  /** The positions the author's digest holds, newest first (undefined: no digest). */
  const positions = (authorId: string) =>
    digests.get(authorId)?.digest.entries.map((entry) => entry.position);
  return { storage, digests, positions };
}
