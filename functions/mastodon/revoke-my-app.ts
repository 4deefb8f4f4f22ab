import { revokeAuthorizedApp } from '#shared/domain/oauth/oauth';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { AppGrantPath } from '#shared/schemas/mastodon';
import { myAppsDeps } from './apps-deps';

export const handler = httpHandler(
  { auth: 'required', schemas: { path: AppGrantPath } },
  async ({ caller, path }) => {
    await revokeAuthorizedApp(myAppsDeps, caller.userId, path.id);
    return noContent();
  },
);
