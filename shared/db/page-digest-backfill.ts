/**
 * `npm run admin -- digest-celebrity-pages`: gives every celebrity promoted before page digests existed their
 * digest (shared/domain/page-digest.ts). Until then their followers' home pages read each one's page with a
 * Query, as before: nothing is wrong without it, only slower and dearer.
 *
 * It pages the table with a Scan filtered to promoted profiles (an operator's tool only) and builds each
 * missing digest from the celebrity's page. Safe while the instance serves: a digest that exists is kept, and
 * the digests it built are merged with a second read of the page once the index has settled, so a post
 * written while the first read ran (which the eventually consistent index may not have shown, and whose
 * record found no digest yet) still gets in. A second run builds nothing.
 *
 * With `rebuild` (`--rebuild`) every celebrity's digest is written again from their page alone (keeping only
 * the positions it remembers as removed), for a digest that went wrong: run it when the instance is quiet, since
 * a post written in the same second may not be in the index the rebuild reads (its record already handled).
 */

import { mapBounded } from '#shared/domain/bounded';
import { buildPageDigest } from '#shared/domain/page-digest';
import { ItemType } from './keys';
import { pageDigestStorage } from './page-digest-repository';
import { scanPages } from './scan-pages';

export interface PageDigestBackfill {
  /** Celebrities given a digest by this run. */
  built: number;
  /** Celebrities who had one already. */
  existing: number;
}

const BUILDS_IN_FLIGHT = 8;

export async function backfillPageDigests(
  options: { settleMs?: number; rebuild?: boolean } = {},
): Promise<PageDigestBackfill> {
  const built: string[] = [];
  let existing = 0;
  const pages = scanPages({
    FilterExpression: '#type = :user AND attribute_exists(celebritySince)',
    ProjectionExpression: 'PK',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':user': ItemType.User },
  });
  for await (const items of pages) {
    const ids = items.map((item) => String(item.PK).slice('USER#'.length));
    const outcomes = await mapBounded(ids, BUILDS_IN_FLIGHT, (id) =>
      buildPageDigest(pageDigestStorage, id, options.rebuild ? { replace: 'rebuild' } : {}),
    );
    ids.forEach((id, index) => {
      if (outcomes[index] === 'built') built.push(id);
      else existing++;
    });
  }
  if (built.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 2_000));
    await mapBounded(built, BUILDS_IN_FLIGHT, (id) =>
      buildPageDigest(pageDigestStorage, id, { replace: 'merge' }),
    );
  }
  return { built: built.length, existing };
}
