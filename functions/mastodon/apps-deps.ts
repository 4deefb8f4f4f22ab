/** GET /v1/me/apps and DELETE /v1/me/apps/{id}: the grants of the apps a user signed in to. */
import * as accounts from '#shared/db/account-repository';
import { oauthStore } from '#shared/db/oauth-repository';

export const myAppsDeps = { oauth: oauthStore, accounts };
