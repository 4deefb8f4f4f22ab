import { PAGE_LIMIT } from '#shared/domain/pagination';
import * as z from './zod';

/** A custom zod issue carrying a domain error code (see shared/http/request-parser.ts). */
export function domainIssue(code: string, message: string, input: unknown) {
  return { code: 'custom' as const, message, input, params: { code } };
}

/**
 * `{username}` in a path: any case, looked up case-insensitively. Looser than the registration rule on purpose:
 * a name that cannot exist is simply not found (404), not a validation error.
 */
export const UsernamePath = z.strictObject({
  username: z.string().check(z.regex(/^[A-Za-z0-9_]{1,30}$/, 'Expected a username')),
});

/** `?limit=&cursor=` for every list. */
export const PageQuery = z.strictObject({
  limit: z._default(
    z.coerce.number().check(z.int(), z.minimum(PAGE_LIMIT.min), z.maximum(PAGE_LIMIT.max)),
    PAGE_LIMIT.default,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
});
export type PageQuery = z.infer<typeof PageQuery>;
