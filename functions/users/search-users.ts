import { searchPeople } from '#shared/domain/users/public-profile';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import { SearchUsersQuery } from '#shared/schemas/profile';
import { searchDeps } from './deps';

export const handler = publicHttpHandler({ schemas: { query: SearchUsersQuery } }, async ({ query }) =>
  ok(await searchPeople(searchDeps, query)),
);
