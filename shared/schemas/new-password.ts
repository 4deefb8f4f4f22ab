/**
 * Request schemas that set a password (register, reset password): the only ones that check the common-password
 * list (55 KB). A module-level zod schema is always kept by the bundler, with everything its checks reach, so
 * these live apart from ./auth.ts and only the two routes that set a password bundle the list.
 */
import { PASSWORD_LIMITS, passwordProblem } from '#shared/domain/account-rules';
import { Email, OneTimeToken, PersonName, Username } from './auth';
import { domainIssue } from './common';
import * as z from './zod';

const MESSAGES = {
  password_too_short: `Passwords have at least ${PASSWORD_LIMITS.min} characters`,
  password_too_long: `Passwords have at most ${PASSWORD_LIMITS.max} characters`,
  password_too_common: 'This password is too common; choose another',
} as const;

/** A new password. Never trimmed or truncated; NFC so the same password typed on any device matches. */
export const NewPassword = z
  .pipe(
    z.string().check(z.maxLength(PASSWORD_LIMITS.max * 4)),
    z.transform((password: string) => password.normalize('NFC')),
  )
  .check((ctx) => {
    const problem = passwordProblem(ctx.value);
    if (problem) ctx.issues.push(domainIssue(problem, MESSAGES[problem], '[redacted]'));
  });

export const RegisterBody = z.strictObject({
  firstName: PersonName,
  lastName: PersonName,
  username: Username,
  email: Email,
  password: NewPassword,
});
export type RegisterInput = z.infer<typeof RegisterBody>;

export const ResetPasswordBody = z.strictObject({ token: OneTimeToken, password: NewPassword });
