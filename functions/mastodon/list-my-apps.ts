import { toAuthorizedApp } from '#shared/domain/mastodon/entities';
import { listAuthorizedApps } from '#shared/domain/oauth/oauth';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { myAppsDeps } from './apps-deps';

export const handler = httpHandler({ auth: 'required' }, async ({ caller }) =>
  ok({ items: (await listAuthorizedApps(myAppsDeps, caller.userId)).map(toAuthorizedApp), nextCursor: null }),
);
