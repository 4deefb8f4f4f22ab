import { searchUsers } from '#shared/db/search-repository';
import { toPublicUser } from '#shared/domain/user';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { SearchUsersQuery } from '#shared/schemas/profile';

export const handler = httpHandler({ schemas: { query: SearchUsersQuery } }, async ({ query }) => {
  const page = await searchUsers(query.q, query.limit, query.cursor);
  return ok({ items: page.items.map(toPublicUser), nextCursor: page.nextCursor });
});
