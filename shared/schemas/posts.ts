/** Request schemas of the posts, follow and timeline routes. The schemas are the types (z.infer). */
import { z } from 'zod';
import { ATTACHMENT_KINDS, ATTACHMENT_RULES } from '#shared/domain/post';

/** A ULID (Crockford base32, 26 characters). */
export const PostId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected a post id');

export const Attachment = z.strictObject({
  url: z
    .url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'Expected an https URL' })
    .max(ATTACHMENT_RULES.maxUrlLength),
  kind: z.enum(ATTACHMENT_KINDS),
});

export const CreatePostBody = z.strictObject({
  // The text rules (graphemes, bytes, characters) are the domain's; this bound only stops absurd input early.
  text: z.string().max(4_000),
  replyTo: PostId.optional(),
  attachments: z.array(Attachment).max(ATTACHMENT_RULES.maxAttachments).optional(),
});
export type CreatePostBody = z.infer<typeof CreatePostBody>;

export const PostPath = z.strictObject({ id: PostId });

/** The list and path schemas every area shares, re-exported for the routes of this area. */
export { PageQuery, UsernamePath } from './common';

/** `Idempotency-Key`: optional; when present, 1–128 characters of [A-Za-z0-9_.:-] (a UUID fits). */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'Idempotency-Key must be 1–128 characters of A-Z a-z 0-9 _ . : -')
  .optional();
