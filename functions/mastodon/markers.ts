/** Mastodon reading markers: GET and POST /api/v1/markers (shared/domain/mastodon/markers.ts). */
import { readMarkers, saveMarkers, toMarkers } from '#shared/domain/mastodon/markers';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import { MarkersQuery, SaveMarkersBody } from '#shared/schemas/mastodon';
import { api } from './auth-deps';
import { markerDeps } from './markers-deps';

export const routes = {
  'GET /api/v1/markers': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:statuses', schemas: { query: MarkersQuery } },
    async ({ caller, query }) =>
      ok(toMarkers(await readMarkers(markerDeps.markers, caller.userId, query.timeline))),
  ),
  'POST /api/v1/markers': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:statuses', schemas: { body: SaveMarkersBody } },
    async ({ caller, body }) =>
      ok(
        toMarkers(
          await saveMarkers(
            markerDeps.markers,
            caller.userId,
            { home: body.home?.last_read_id, notifications: body.notifications?.last_read_id },
            new Date(),
          ),
        ),
      ),
  ),
};

export const handler = dispatchByRouteKey(routes);
