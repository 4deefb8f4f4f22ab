/** Mastodon statuses, timelines and search routes. */
import {
  deleteStatus,
  getStatus,
  homeTimeline,
  searchAccounts,
  statusContext,
  statusInput,
} from '#shared/domain/mastodon/api';
import { presentStatus } from '#shared/domain/mastodon/present';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import { CreateStatusBody, IdPageQuery, SearchQuery, StatusPath } from '#shared/schemas/mastodon';
import { api, mastodonDeps as deps } from './deps';
import { idPage, listReply } from './reply';

export const routes = {
  'POST /api/v1/statuses': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:statuses', schemas: { body: CreateStatusBody } },
    async ({ caller, body, headers, context }) => {
      const post = await deps.createPost(
        statusInput(caller.userId, body),
        headers['idempotency-key'],
        context,
      );
      return ok(await presentStatus(deps, post));
    },
  ),
  'GET /api/v1/statuses/{id}': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:statuses', schemas: { path: StatusPath } },
    async ({ path }) => ok(await getStatus(deps, path.id)),
  ),
  'DELETE /api/v1/statuses/{id}': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:statuses', schemas: { path: StatusPath } },
    async ({ caller, path }) => ok(await deleteStatus(deps, caller.userId, path.id)),
  ),
  'GET /api/v1/statuses/{id}/context': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:statuses', schemas: { path: StatusPath } },
    async ({ path }) => ok(await statusContext(deps, path.id)),
  ),
  'GET /api/v1/timelines/home': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:statuses', schemas: { query: IdPageQuery } },
    async ({ caller, query }) =>
      listReply(await homeTimeline(deps, caller.userId, idPage(query)), {
        publicUrl: deps.publicUrl,
        path: '/api/v1/timelines/home',
        limit: query.limit,
      }),
  ),
  'GET /api/v2/search': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:search', schemas: { query: SearchQuery } },
    async ({ query }) => {
      // Statuses and hashtags need the post search index (pending): they are empty until it lands.
      const accounts =
        query.type === undefined || query.type === 'accounts' ? await searchAccounts(deps, query) : [];
      return ok({ accounts, statuses: [], hashtags: [] });
    },
  ),
};

export const handler = dispatchByRouteKey(routes);
