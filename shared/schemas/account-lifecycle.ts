/** Request schemas of account export and deletion (docs/api.md). */
import { CurrentPassword, LoginBody } from './auth';
import * as z from './zod';

/** DELETE /v1/me: the account's password confirms it is the owner at the keyboard. */
export const DeleteAccountBody = z.strictObject({ password: CurrentPassword });

/** POST /v1/auth/reactivate: the same login and password as sign-in (no token: sign-in is refused). */
export const ReactivateBody = LoginBody;
