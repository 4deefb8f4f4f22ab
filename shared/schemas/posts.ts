/** Request schemas of the posts, follow and timeline routes. The schemas are the types (z.infer). */
import { ATTACHMENT_KINDS, ATTACHMENT_RULES } from '#shared/domain/post';
import * as z from './zod';

/** A ULID (Crockford base32, 26 characters). */
export const PostId = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected a post id'));

export const Attachment = z.strictObject({
  url: z
    .url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'Expected an https URL' })
    .check(z.maxLength(ATTACHMENT_RULES.maxUrlLength)),
  kind: z.enum(ATTACHMENT_KINDS),
});

export const CreatePostBody = z.strictObject({
  // The text rules (graphemes, bytes, characters) are the domain's; this bound only stops absurd input early.
  text: z.string().check(z.maxLength(4_000)),
  replyTo: z.optional(PostId),
  attachments: z.optional(z.array(Attachment).check(z.maxLength(ATTACHMENT_RULES.maxAttachments))),
});
export type CreatePostBody = z.infer<typeof CreatePostBody>;

export const PostPath = z.strictObject({ id: PostId });

/** The list and path schemas every area shares, re-exported for the routes of this area. */
export { PageQuery, UsernamePath } from './common';

/** `Idempotency-Key`: optional; when present, 1–128 characters of [A-Za-z0-9_.:-] (a UUID fits). */
export const IdempotencyKey = z.optional(
  z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'Idempotency-Key must be 1–128 characters of A-Z a-z 0-9 _ . : -'),
    ),
);
