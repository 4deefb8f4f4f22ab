/** Discovery for Mastodon clients: instance v1/v2, nodeinfo, OAuth metadata, the default images. */
import {
  INSTANCE_RULES,
  instanceV1,
  instanceV2,
  MISSING_IMAGE_PNG_BASE64,
  nodeInfo,
  nodeInfoLinks,
  oauthServerMetadata,
} from '#shared/domain/mastodon/instance';
import { publicMastodonDialect as dialect } from '#shared/http/mastodon-dialect';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok, type Reply } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import { instanceDeps, instanceStats } from './deps';

const publicRoute = (answer: () => unknown) => publicHttpHandler({ dialect }, async () => ok(await answer()));

const missingImage = publicHttpHandler(
  { dialect },
  async (): Promise<Reply> => ({
    statusCode: 200,
    headers: { 'cache-control': 'public, max-age=86400' },
    raw: { contentType: 'image/png', content: MISSING_IMAGE_PNG_BASE64, base64: true },
  }),
);

export const routes = {
  'GET /api/v1/instance': publicRoute(async () => instanceV1(instanceDeps(), await instanceStats())),
  'GET /api/v2/instance': publicRoute(async () => instanceV2(instanceDeps(), await instanceStats())),
  'GET /.well-known/nodeinfo': publicRoute(() => nodeInfoLinks(instanceDeps())),
  'GET /nodeinfo/2.0': publicRoute(async () => nodeInfo(await instanceStats())),
  'GET /.well-known/oauth-authorization-server': publicRoute(() => oauthServerMetadata(instanceDeps())),
  'GET /avatars/original/missing.png': missingImage,
  'GET /headers/original/missing.png': missingImage,
  // Well-formed empty answers: Skylark has no custom emoji, trends or announcements.
  'GET /api/v1/custom_emojis': publicRoute(() => []),
  'GET /api/v1/trends/tags': publicRoute(() => []),
  'GET /api/v1/trends/statuses': publicRoute(() => []),
  'GET /api/v1/instance/rules': publicRoute(() => INSTANCE_RULES),
};

export const handler = dispatchByRouteKey(routes);
