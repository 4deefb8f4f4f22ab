/**
 * Request schemas of the account routes. Each rule names the error code clients see (docs/api.md). Those that
 * set a password (register, reset) are in ./new-password.ts.
 */
import {
  EMAIL_MAX_LENGTH,
  isValidEmail,
  nameProblem,
  normalizeEmail,
  normalizeName,
  normalizeUsername,
  PASSWORD_LIMITS,
  usernameProblem,
} from '#shared/domain/account-rules';
import { domainIssue } from './common';
import * as z from './zod';

const MESSAGES = {
  invalid_username: 'Usernames are 3–30 characters: a–z, 0–9 and _',
  username_reserved: 'This username is reserved',
  invalid_name: 'Names are 1–50 characters, without control or bidi override characters',
  invalid_email: 'This is not a valid email address',
} as const;

export const Username = z
  .pipe(z.string().check(z.maxLength(64)), z.transform(normalizeUsername))
  .check((ctx) => {
    const problem = usernameProblem(ctx.value);
    if (problem) ctx.issues.push(domainIssue(problem, MESSAGES[problem], ctx.value));
  });

export const PersonName = z
  .pipe(z.string().check(z.maxLength(400)), z.transform(normalizeName))
  .check((ctx) => {
    const problem = nameProblem(ctx.value);
    if (problem) ctx.issues.push(domainIssue(problem, MESSAGES[problem], ctx.value));
  });

export const Email = z
  .pipe(z.string().check(z.maxLength(EMAIL_MAX_LENGTH + 64)), z.transform(normalizeEmail))
  .check((ctx) => {
    if (!isValidEmail(ctx.value))
      ctx.issues.push(domainIssue('invalid_email', MESSAGES.invalid_email, ctx.value));
  });

/** A password being checked at login: only bounded, never judged. */
export const CurrentPassword = z.pipe(
  z.string().check(z.minLength(1), z.maxLength(PASSWORD_LIMITS.max * 4)),
  z.transform((password: string) => password.normalize('NFC')),
);

/** Email-link and reset tokens: 43 base64url characters (32 random bytes). */
export const OneTimeToken = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Not a valid token'));
/** Refresh tokens: 43 base64url characters. */
const RefreshToken = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Not a valid refresh token'));

export const TokenBody = z.strictObject({ token: OneTimeToken });
export const TokenQuery = z.strictObject({ token: OneTimeToken });
export const EmailBody = z.strictObject({ email: Email });

export const LoginBody = z.strictObject({
  /** An email address or a username. */
  login: z.pipe(
    z.string().check(z.minLength(1), z.maxLength(EMAIL_MAX_LENGTH)),
    z.transform((login: string) => login.trim().toLowerCase()),
  ),
  password: CurrentPassword,
});
export type LoginInput = z.infer<typeof LoginBody>;

export const RefreshBody = z.strictObject({ refreshToken: RefreshToken });
/** Refresh and logout: the token in the body (API clients), or none when the session cookie carries it. */
export const OptionalRefreshBody = z.optional(RefreshBody);
