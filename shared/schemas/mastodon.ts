/**
 * Request schemas of the Mastodon-compatible surface. Unlike /v1 they are not strict: Mastodon clients send
 * fields Skylark has no use for, and Mastodon ignores unknown parameters, so these do too. Values come from
 * forms as strings, so numbers and booleans are coerced.
 */
import { MASTODON_LIMIT } from '#shared/domain/mastodon/paging';
import * as z from './zod';

const text = (max: number) => z.string().check(z.maxLength(max));
const required = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const Id = z.string().check(z.regex(/^[0-9A-Za-z_-]{1,64}$/, 'Expected an id'));
/** A ULID post id. */
const StatusId = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected a status id'));
const Ulid = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected an id'));
/** Paging cursors of follow lists ride in max_id: opaque, longer than ids. */
const PageMark = z.string().check(z.regex(/^[0-9A-Za-z_=-]{1,1024}$/, 'Expected an id'));

/** Rails forms send "true"/"1"/"false"/"0". */
export const FormBoolean = z.pipe(
  z.union([z.boolean(), z.string().check(z.maxLength(5))]),
  z.transform(
    (value: boolean | string) => value === true || value === 'true' || value === '1' || value === 'on',
  ),
);

/** A bounded integer from a form; out-of-range or malformed values fall back, as Mastodon clamps them. */
const clampedInt = (min: number, max: number, fallback: number) =>
  z.pipe(
    z.optional(z.union([z.string(), z.number()])),
    z.transform((value: string | number | undefined) => {
      const parsed = typeof value === 'number' ? value : Number.parseInt(value ?? '', 10);
      if (!Number.isFinite(parsed)) return fallback;
      return Math.min(max, Math.max(min, Math.trunc(parsed)));
    }),
  );

export const IdPath = z.object({ id: Id });
export const StatusPath = z.object({ id: StatusId });

export const IdPageQuery = z.object({
  max_id: z.optional(PageMark),
  since_id: z.optional(Id),
  min_id: z.optional(Id),
  limit: clampedInt(MASTODON_LIMIT.min, MASTODON_LIMIT.max, MASTODON_LIMIT.default),
});

export const AccountStatusesQuery = z.extend(IdPageQuery, {
  exclude_replies: z.optional(FormBoolean),
  exclude_reblogs: z.optional(FormBoolean),
  pinned: z.optional(FormBoolean),
  only_media: z.optional(FormBoolean),
});

export const PublicTimelineQuery = z.extend(IdPageQuery, {
  local: z.optional(FormBoolean),
  remote: z.optional(FormBoolean),
  only_media: z.optional(FormBoolean),
});

/** `id[]=1&id[]=2`, or a single `id=1`. */
export const RelationshipsQuery = z.object({
  id: z.pipe(
    z._default(z.union([Id, z.array(Id).check(z.maxLength(40))]), []),
    z.transform((value: string | string[]) => (Array.isArray(value) ? value : [value])),
  ),
});

/**
 * Mute options: Skylark's mutes always hide notifications too (`notifications` is accepted and ignored) and
 * have no end, so only `duration` 0 (indefinite, Mastodon's default) is taken.
 */
export const MuteBody = z.object({
  notifications: z.optional(FormBoolean),
  duration: z.optional(
    z.pipe(
      z.pipe(
        z.union([z.string(), z.number()]),
        z.transform((value: string | number) => Number(value)),
      ),
      z.number().check(z.int(), z.maximum(0, 'Timed mutes are not available on this server yet')),
    ),
  ),
});

export const LookupQuery = z.object({ acct: required(300) });

export const AccountSearchQuery = z.object({
  q: required(300),
  limit: clampedInt(1, 40, 40),
  offset: clampedInt(0, 200, 0),
});

export const SearchQuery = z.extend(AccountSearchQuery, {
  type: z.optional(z.enum(['accounts', 'statuses', 'hashtags'])),
  resolve: z.optional(FormBoolean),
});

export const CreateStatusBody = z.object({
  status: z._default(text(4_000), ''),
  in_reply_to_id: z.optional(StatusId),
  media_ids: z.optional(z.union([z.string(), z.array(z.string())])),
  poll: z.optional(z.unknown()),
  visibility: z.optional(z.enum(['public', 'unlisted', 'private', 'direct'])),
  spoiler_text: z.optional(text(500)),
  sensitive: z.optional(FormBoolean),
  language: z.optional(text(10)),
  scheduled_at: z.optional(text(100)),
});
export type CreateStatusBody = z.infer<typeof CreateStatusBody>;

const ProfileFieldInput = z.object({ name: text(255), value: text(255) });
type ProfileFieldInput = z.infer<typeof ProfileFieldInput>;

export const UpdateCredentialsBody = z.object({
  display_name: z.optional(text(101)),
  note: z.optional(text(500)),
  /** `fields_attributes[0][name]=…` arrives as an object keyed by index; JSON clients send an array. */
  fields_attributes: z.optional(
    z.pipe(
      z.union([z.array(ProfileFieldInput), z.record(z.string(), ProfileFieldInput)]),
      z.transform((value: ProfileFieldInput[] | Record<string, ProfileFieldInput>) =>
        Array.isArray(value) ? value : Object.values(value),
      ),
    ),
  ),
});

export const CreateAppBody = z.object({
  client_name: required(200),
  redirect_uris: z.pipe(
    z.union([required(2_000), z.array(required(2_000)).check(z.minLength(1), z.maxLength(10))]),
    z.transform((value: string | string[]) =>
      Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean),
    ),
  ),
  scopes: z.optional(text(1_000)),
  website: z.optional(
    z.pipe(
      text(500),
      z.transform((value: string) => (/^https?:\/\/\S+$/.test(value) ? value : undefined)),
    ),
  ),
});

export const AuthorizeQuery = z.object({
  client_id: required(200),
  redirect_uri: required(2_000),
  response_type: z.literal('code', { error: 'Only response_type=code is supported' }),
  scope: z.optional(text(1_000)),
  state: z.optional(text(1_000)),
  code_challenge: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'A S256 challenge is 43 base64url characters')),
  ),
  code_challenge_method: z.optional(text(20)),
  force_login: z.optional(FormBoolean),
  lang: z.optional(text(20)),
});

export const AuthorizeForm = z.extend(AuthorizeQuery, {
  login: z._default(text(254), ''),
  password: z._default(text(256), ''),
  csrf: z._default(text(200), ''),
  decision: z._default(z.enum(['approve', 'deny']), 'approve'),
});

export const TokenBody = z.object({
  grant_type: required(100),
  client_id: z.optional(text(200)),
  client_secret: z.optional(text(200)),
  code: z.optional(text(200)),
  redirect_uri: z.optional(text(2_000)),
  code_verifier: z.optional(text(200)),
  scope: z.optional(text(1_000)),
  username: z.optional(text(254)),
  password: z.optional(text(256)),
});

export const RevokeBody = z.object({
  client_id: z.optional(text(200)),
  client_secret: z.optional(text(200)),
  token: required(200),
});

export const AppGrantPath = z.strictObject({ id: Ulid });

/** Lists paged with Skylark's opaque cursors in `max_id` (favourites, favourited_by, notifications, tags). */
export const CursorPageQuery = z.object({
  max_id: z.optional(PageMark),
  limit: clampedInt(MASTODON_LIMIT.min, MASTODON_LIMIT.max, MASTODON_LIMIT.default),
});

/**
 * Conversations, paged by the id of each one's last status (a message ULID): anything else is a 422, as no
 * conversation could sit at it.
 */
export const ConversationsQuery = z.object({
  max_id: z.optional(Ulid),
  since_id: z.optional(Ulid),
  min_id: z.optional(Ulid),
  limit: clampedInt(MASTODON_LIMIT.min, MASTODON_LIMIT.max, MASTODON_LIMIT.default),
});

const TypeName = z.string().check(z.regex(/^[a-z._]{1,40}$/, 'Expected a notification type'));
/** `types[]=mention&types[]=follow`, or one `types=mention`. */
const TypeList = z.pipe(
  z.optional(z.union([TypeName, z.array(TypeName).check(z.maxLength(20))])),
  z.transform((value: string | string[] | undefined) =>
    value === undefined ? undefined : Array.isArray(value) ? value : [value],
  ),
);

const NotificationId = z.string().check(z.regex(/^[0-9A-Za-z-]{1,100}$/, 'Expected a notification id'));

/** Paged by notification id, as Mastodon clients page (limit 1–80, default 40). */
export const NotificationsQuery = z.object({
  max_id: z.optional(NotificationId),
  since_id: z.optional(NotificationId),
  min_id: z.optional(NotificationId),
  limit: clampedInt(1, 80, 40),
  types: TypeList,
  exclude_types: TypeList,
});

/** A Skylark notification id (`<time>-<type>-<subject>`). */
export const NotificationPath = z.object({ id: NotificationId });

export const TagPath = z.object({ tag: required(100) });

/** The timelines a marker can be kept for (Mastodon's Marker entity). */
export const MARKER_TIMELINES = ['home', 'notifications'] as const;
export type MarkerTimeline = (typeof MARKER_TIMELINES)[number];
const isMarkerTimeline = (name: string): name is MarkerTimeline =>
  (MARKER_TIMELINES as readonly string[]).includes(name);

/** `timeline[]=home&timeline[]=notifications`; names Skylark does not keep are left out, as Mastodon does. */
export const MarkersQuery = z.object({
  timeline: z.pipe(
    z.optional(z.union([text(40), z.array(text(40)).check(z.maxLength(10))])),
    z.transform((value: string | string[] | undefined): MarkerTimeline[] =>
      (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter(isMarkerTimeline),
    ),
  ),
});

/** `home[last_read_id]=…` and/or `notifications[last_read_id]=…` (or the same as JSON); at least one. */
export const SaveMarkersBody = z
  .object({
    home: z.optional(z.object({ last_read_id: Id })),
    notifications: z.optional(z.object({ last_read_id: NotificationId })),
  })
  .check(
    z.refine((body) => body.home !== undefined || body.notifications !== undefined, {
      message: 'Give home[last_read_id] or notifications[last_read_id]',
    }),
  );
