/**
 * Mastodon's relationship routes over Skylark's safety domain (the same relate / unrelate / follow-request use
 * cases /v1/users/{username}/block|mute and /v1/me/follow-requests call): block, unblock, mute, unmute, the
 * caller's blocks and mutes, follow requests with authorize and reject, and the Relationship entity read from
 * the real edges (follows, blocks, mutes, pending requests), one batched read for any number of accounts.
 */
import type { Page } from '#shared/domain/pagination';
import {
  acceptFollowRequest,
  listFollowRequests,
  listRelations,
  type RelationKind,
  type RelationshipDependencies,
  rejectFollowRequest,
  relate,
  unrelate,
} from '#shared/domain/relationships/relationships';
import type { PublicUser, User } from '#shared/domain/user';
import { NotFoundError } from '#shared/errors';
import {
  type MastodonAccount,
  type MastodonRelationship,
  type RelationshipFlags,
  toAccount,
  toRelationship,
} from './entities';

export type { RelationshipFlags } from './entities';

import type { LinkBase } from './html';
import type { CursorPage } from './paging';

export interface MastodonRelationshipDeps extends LinkBase {
  users: { getById(id: string): Promise<User | undefined> };
  /** The flags of each account, in one batched read. */
  relationshipFlags(callerId: string, otherIds: readonly string[]): Promise<Map<string, RelationshipFlags>>;
  safety: RelationshipDependencies;
}

const NONE: RelationshipFlags = {
  following: false,
  followedBy: false,
  blocking: false,
  blockedBy: false,
  muting: false,
  requested: false,
  requestedBy: false,
};

/** GET /api/v1/accounts/relationships: one Relationship per distinct id, in the order asked. */
export async function relationships(
  deps: Pick<MastodonRelationshipDeps, 'relationshipFlags'>,
  callerId: string,
  ids: readonly string[],
): Promise<MastodonRelationship[]> {
  const unique = [...new Set(ids)];
  const flags = await deps.relationshipFlags(callerId, unique);
  return unique.map((id) => toRelationship(id, flags.get(id) ?? NONE));
}

export async function relationshipWith(
  deps: Pick<MastodonRelationshipDeps, 'relationshipFlags'>,
  callerId: string,
  id: string,
): Promise<MastodonRelationship> {
  const [relationship] = await relationships(deps, callerId, [id]);
  return relationship ?? toRelationship(id, NONE);
}

/** Mastodon's 404 body is "Record not found" (also for a user who does not exist or is not confirmed). */
async function accountById(deps: Pick<MastodonRelationshipDeps, 'users'>, id: string): Promise<User> {
  const user = await deps.users.getById(id);
  if (!user?.emailVerified) throw new NotFoundError('not_found', 'Record not found');
  return user;
}

/**
 * POST /api/v1/accounts/:id/block|unblock|mute|unmute: idempotent, answered with the Relationship as it is
 * now. A block ends the follows both ways (the /v1 rule). Skylark's mutes always hide the account's
 * notifications too, so `muting_notifications` follows `muting`.
 * @throws ValidationError cannot_block_self / cannot_mute_self; NotFoundError; ConflictError blocks_limit
 */
export async function setRelation(
  deps: MastodonRelationshipDeps,
  input: { callerId: string; id: string; kind: RelationKind; on: boolean },
): Promise<MastodonRelationship> {
  const other = await accountById(deps, input.id);
  const change = { kind: input.kind, userId: input.callerId, username: other.username };
  if (input.on) await relate(deps.safety, change);
  else await unrelate(deps.safety, change);
  return relationshipWith(deps, input.callerId, other.id);
}

function accountPage(deps: LinkBase, page: Page<PublicUser>): CursorPage<MastodonAccount> {
  return { items: page.items.map((user) => toAccount(user, deps)), nextMaxId: page.nextCursor };
}

/** GET /api/v1/blocks and /api/v1/mutes: the caller's, paged with Skylark's cursor in `max_id`. */
export async function relatedAccounts(
  deps: MastodonRelationshipDeps,
  input: { kind: RelationKind; callerId: string; limit: number; maxId?: string | undefined },
): Promise<CursorPage<MastodonAccount>> {
  const page = await listRelations(deps.safety, {
    kind: input.kind,
    userId: input.callerId,
    limit: input.limit,
    cursor: input.maxId,
  });
  return accountPage(deps, page);
}

/** GET /api/v1/follow_requests: who asks to follow the (protected) caller. */
export async function followRequests(
  deps: MastodonRelationshipDeps,
  input: { callerId: string; limit: number; maxId?: string | undefined },
): Promise<CursorPage<MastodonAccount>> {
  const page = await listFollowRequests(deps.safety, {
    userId: input.callerId,
    limit: input.limit,
    cursor: input.maxId,
  });
  return accountPage(deps, page);
}

/**
 * POST /api/v1/follow_requests/:id/authorize|reject: the /v1 accept (request → follow edge, one transaction) or
 * reject; answered with the Relationship (after authorize, `followed_by: true`).
 * @throws NotFoundError when the account does not exist or has not asked
 */
export async function answerFollowRequest(
  deps: MastodonRelationshipDeps,
  input: { callerId: string; id: string; accept: boolean },
): Promise<MastodonRelationship> {
  const requester = await accountById(deps, input.id);
  const answer = { userId: input.callerId, username: requester.username };
  if (input.accept) await acceptFollowRequest(deps.safety, answer);
  else await rejectFollowRequest(deps.safety, answer);
  return relationshipWith(deps, input.callerId, requester.id);
}
