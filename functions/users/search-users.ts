import { searchPeople } from '#shared/domain/users/public-profile';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { SearchUsersQuery } from '#shared/schemas/profile';
import { searchDeps } from './deps';

/** People search; a signed-in reader does not find the accounts they block or that block them. */
export const handler = httpHandler(
  { schemas: { query: SearchUsersQuery }, auth: 'optional' },
  async ({ query, caller }) => ok(await searchPeople(searchDeps, { ...query, viewerId: caller?.userId })),
);
