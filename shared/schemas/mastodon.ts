/**
 * Request schemas of the Mastodon-compatible surface. Unlike /v1 they are not strict: Mastodon clients send
 * fields Skylark has no use for, and Mastodon ignores unknown parameters, so these do too. Values come from
 * forms as strings, so numbers and booleans are coerced.
 */
import { z } from 'zod';
import { MASTODON_LIMIT } from '#shared/domain/mastodon/paging';

const Id = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'Expected an id');
/** A ULID post id. */
const StatusId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected a status id');

/** Rails forms send "true"/"1"/"false"/"0". */
export const FormBoolean = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', ''])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'on');

export const IdPath = z.object({ id: Id });
export const StatusPath = z.object({ id: StatusId });

export const IdPageQuery = z.object({
  max_id: Id.optional(),
  since_id: Id.optional(),
  min_id: Id.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(MASTODON_LIMIT.min)
    .catch(MASTODON_LIMIT.default)
    .transform((limit) => Math.min(limit, MASTODON_LIMIT.max))
    .default(MASTODON_LIMIT.default),
});

export const AccountStatusesQuery = IdPageQuery.extend({
  exclude_replies: FormBoolean.optional(),
  exclude_reblogs: FormBoolean.optional(),
  pinned: FormBoolean.optional(),
  only_media: FormBoolean.optional(),
});

/** `id[]=1&id[]=2`, or a single `id=1`. */
export const RelationshipsQuery = z.object({
  id: z
    .union([Id, z.array(Id).max(40)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .default([]),
});

export const LookupQuery = z.object({ acct: z.string().min(1).max(300) });

export const AccountSearchQuery = z.object({
  q: z.string().min(1).max(300),
  limit: z.coerce.number().int().min(1).max(40).catch(40).default(40),
  offset: z.coerce.number().int().min(0).max(200).catch(0).default(0),
});

export const SearchQuery = AccountSearchQuery.extend({
  type: z.enum(['accounts', 'statuses', 'hashtags']).optional(),
  resolve: FormBoolean.optional(),
});

export const CreateStatusBody = z.object({
  status: z.string().max(4_000).default(''),
  in_reply_to_id: StatusId.optional(),
  media_ids: z.union([z.string(), z.array(z.string())]).optional(),
  poll: z.unknown().optional(),
  visibility: z.enum(['public', 'unlisted', 'private', 'direct']).optional(),
  spoiler_text: z.string().max(500).optional(),
  sensitive: FormBoolean.optional(),
  language: z.string().max(10).optional(),
  scheduled_at: z.string().optional(),
});
export type CreateStatusBody = z.infer<typeof CreateStatusBody>;

const ProfileFieldInput = z.object({ name: z.string().max(255), value: z.string().max(255) });

export const UpdateCredentialsBody = z.object({
  display_name: z.string().max(101).optional(),
  note: z.string().max(500).optional(),
  /** `fields_attributes[0][name]=…` arrives as an object keyed by index; JSON clients send an array. */
  fields_attributes: z
    .union([z.array(ProfileFieldInput), z.record(z.string(), ProfileFieldInput)])
    .transform((value) => (Array.isArray(value) ? value : Object.values(value)))
    .optional(),
});

export const CreateAppBody = z.object({
  client_name: z.string().min(1).max(200),
  redirect_uris: z
    .union([z.string().min(1).max(2_000), z.array(z.string().min(1).max(2_000)).min(1).max(10)])
    .transform((value) => (Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean))),
  scopes: z.string().max(1_000).optional(),
  website: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export const AuthorizeQuery = z.object({
  client_id: z.string().min(1).max(200),
  redirect_uri: z.string().min(1).max(2_000),
  response_type: z.literal('code', { error: 'Only response_type=code is supported' }),
  scope: z.string().max(1_000).optional(),
  state: z.string().max(1_000).optional(),
  code_challenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'A S256 challenge is 43 base64url characters')
    .optional(),
  code_challenge_method: z.string().max(20).optional(),
  force_login: FormBoolean.optional(),
  lang: z.string().max(20).optional(),
});

export const AuthorizeForm = AuthorizeQuery.extend({
  login: z.string().max(254).default(''),
  password: z.string().max(256).default(''),
  csrf: z.string().max(200).default(''),
  decision: z.enum(['approve', 'deny']).default('approve'),
});

export const TokenBody = z.object({
  grant_type: z.string().min(1).max(100),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
  code: z.string().max(200).optional(),
  redirect_uri: z.string().max(2_000).optional(),
  code_verifier: z.string().max(200).optional(),
  scope: z.string().max(1_000).optional(),
  username: z.string().max(254).optional(),
  password: z.string().max(256).optional(),
});

export const RevokeBody = z.object({
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
  token: z.string().min(1).max(200),
});

export const AppGrantPath = z.strictObject({
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected an app id'),
});
