import { searchPeople } from '#shared/domain/users/public-profile';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { SearchUsersQuery } from '#shared/schemas/profile';
import { searchDeps } from './deps';

export const handler = httpHandler({ schemas: { query: SearchUsersQuery } }, async ({ query }) =>
  ok(await searchPeople(searchDeps, query)),
);
