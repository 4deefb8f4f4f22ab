/** POST /api/v1/statuses: its own function, the only Mastodon route that needs idempotent creation. */
import { postStatus } from '#shared/domain/mastodon/posting';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { CreateStatusBody } from '#shared/schemas/mastodon';
import { api } from './auth-deps';
import { createStatusDeps } from './create-status-deps';

export const handler = httpHandler(
  { dialect: api, auth: 'required', scope: 'write:statuses', schemas: { body: CreateStatusBody } },
  async ({ caller, body, headers, context }) =>
    ok(
      await postStatus(createStatusDeps, {
        callerId: caller.userId,
        body,
        idempotencyKey: headers['idempotency-key'],
        lambdaContext: context,
      }),
    ),
);
