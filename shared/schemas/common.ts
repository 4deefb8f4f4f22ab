import { z } from 'zod';
import { PAGE_LIMIT } from '#shared/domain/pagination';

/** A custom zod issue carrying a domain error code (see shared/http/request-parser.ts). */
export function domainIssue(code: string, message: string, input: unknown) {
  return { code: 'custom' as const, message, input, params: { code } };
}

/**
 * `{username}` in a path: any case, looked up case-insensitively. Looser than the registration rule on purpose:
 * a name that cannot exist is simply not found (404), not a validation error.
 */
export const UsernamePath = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9_]{1,30}$/, 'Expected a username'),
});

/** `?limit=&cursor=` for every list. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(PAGE_LIMIT.min).max(PAGE_LIMIT.max).default(PAGE_LIMIT.default),
  cursor: z.string().min(1).max(1024).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;
