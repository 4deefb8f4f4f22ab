/** Mastodon accounts routes: the caller's account, profiles, their statuses and follows, relationships, search. */
import {
  accountStatuses,
  follow,
  followList,
  getAccount,
  lookupAccount,
  searchAccounts,
  updateCredentials,
  verifyCredentials,
} from '#shared/domain/mastodon/api';
import {
  answerFollowRequest,
  followRequests,
  relatedAccounts,
  relationships,
  setRelation,
} from '#shared/domain/mastodon/relationships';
import type { RelationKind } from '#shared/domain/relationships/relationships';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import {
  AccountSearchQuery,
  AccountStatusesQuery,
  CursorPageQuery,
  IdPageQuery,
  IdPath,
  LookupQuery,
  MuteBody,
  RelationshipsQuery,
  UpdateCredentialsBody,
} from '#shared/schemas/mastodon';
import { accountsDeps as deps } from './accounts-deps';
import { api } from './auth-deps';
import { cursorListReply, idPage, listReply } from './reply';

const followListHandler = (which: 'followers' | 'following') =>
  httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:accounts', schemas: { path: IdPath, query: IdPageQuery } },
    async ({ path, query, caller }) => {
      const result = await followList(deps, which, path.id, {
        limit: query.limit,
        maxId: query.max_id,
        viewerId: caller?.userId,
      });
      return cursorListReply(
        { items: result.accounts, nextMaxId: result.nextMaxId },
        { publicUrl: deps.publicUrl, path: `/api/v1/accounts/${path.id}/${which}`, limit: query.limit },
      );
    },
  );

const followHandler = (on: boolean) =>
  httpHandler(
    { dialect: api, auth: 'required', scope: 'write:follows', schemas: { path: IdPath } },
    async ({ path, caller }) => ok(await follow(deps, caller.userId, path.id, on)),
  );

const RELATION_SCOPE: Record<RelationKind, string> = { block: 'write:blocks', mute: 'write:mutes' };

/** block / unblock / mute / unmute. */
const relationHandler = (kind: RelationKind, on: boolean) =>
  httpHandler(
    {
      dialect: api,
      auth: 'required',
      scope: RELATION_SCOPE[kind],
      schemas: { path: IdPath, ...(kind === 'mute' && on ? { body: MuteBody } : {}) },
    },
    async ({ caller, path }) =>
      ok(await setRelation(deps, { callerId: caller.userId, id: path.id, kind, on })),
  );

/** GET /api/v1/blocks and /api/v1/mutes. */
const relatedListHandler = (kind: RelationKind) =>
  httpHandler(
    {
      dialect: api,
      auth: 'required',
      scope: kind === 'block' ? 'read:blocks' : 'read:mutes',
      schemas: { query: CursorPageQuery },
    },
    async ({ caller, query }) =>
      cursorListReply(
        await relatedAccounts(deps, {
          kind,
          callerId: caller.userId,
          limit: query.limit,
          maxId: query.max_id,
        }),
        { publicUrl: deps.publicUrl, path: `/api/v1/${kind}s`, limit: query.limit },
      ),
  );

/** authorize / reject a follow request. */
const answerHandler = (accept: boolean) =>
  httpHandler(
    { dialect: api, auth: 'required', scope: 'write:follows', schemas: { path: IdPath } },
    async ({ caller, path }) =>
      ok(await answerFollowRequest(deps, { callerId: caller.userId, id: path.id, accept })),
  );

export const routes = {
  'GET /api/v1/accounts/verify_credentials': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:accounts' },
    async ({ caller }) => ok(await verifyCredentials(deps, caller.userId)),
  ),
  'PATCH /api/v1/accounts/update_credentials': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:accounts', schemas: { body: UpdateCredentialsBody } },
    async ({ caller, body }) => ok(await updateCredentials(deps, caller.userId, body)),
  ),
  'GET /api/v1/accounts/lookup': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:accounts', schemas: { query: LookupQuery } },
    async ({ query }) => ok(await lookupAccount(deps, query.acct)),
  ),
  'GET /api/v1/accounts/relationships': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:follows', schemas: { query: RelationshipsQuery } },
    async ({ caller, query }) => ok(await relationships(deps, caller.userId, query.id)),
  ),
  'GET /api/v1/accounts/search': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:accounts', schemas: { query: AccountSearchQuery } },
    async ({ query, caller }) => ok(await searchAccounts(deps, query, caller?.userId)),
  ),
  'GET /api/v1/accounts/{id}': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:accounts', schemas: { path: IdPath } },
    async ({ path }) => ok(await getAccount(deps, path.id)),
  ),
  'GET /api/v1/accounts/{id}/statuses': httpHandler(
    {
      dialect: api,
      auth: 'optional',
      scope: 'read:statuses',
      schemas: { path: IdPath, query: AccountStatusesQuery },
    },
    async ({ path, query, caller }) =>
      listReply(await accountStatuses(deps, path.id, { ...idPage(query), ...query }, caller?.userId), {
        publicUrl: deps.publicUrl,
        path: `/api/v1/accounts/${path.id}/statuses`,
        limit: query.limit,
        extra: { exclude_replies: query.exclude_replies ? 'true' : undefined },
      }),
  ),
  'GET /api/v1/accounts/{id}/followers': followListHandler('followers'),
  'GET /api/v1/accounts/{id}/following': followListHandler('following'),
  'POST /api/v1/accounts/{id}/follow': followHandler(true),
  'POST /api/v1/accounts/{id}/unfollow': followHandler(false),
  'POST /api/v1/accounts/{id}/block': relationHandler('block', true),
  'POST /api/v1/accounts/{id}/unblock': relationHandler('block', false),
  'POST /api/v1/accounts/{id}/mute': relationHandler('mute', true),
  'POST /api/v1/accounts/{id}/unmute': relationHandler('mute', false),
  'GET /api/v1/blocks': relatedListHandler('block'),
  'GET /api/v1/mutes': relatedListHandler('mute'),
  'GET /api/v1/follow_requests': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:follows', schemas: { query: CursorPageQuery } },
    async ({ caller, query }) =>
      cursorListReply(
        await followRequests(deps, { callerId: caller.userId, limit: query.limit, maxId: query.max_id }),
        { publicUrl: deps.publicUrl, path: '/api/v1/follow_requests', limit: query.limit },
      ),
  ),
  'POST /api/v1/follow_requests/{id}/authorize': answerHandler(true),
  'POST /api/v1/follow_requests/{id}/reject': answerHandler(false),
};

export const handler = dispatchByRouteKey(routes);
