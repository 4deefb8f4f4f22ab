/**
 * What `GET /v1/config` serves: every limit a client needs to agree with the server before it sends a request.
 * Each area adds its own section here as it lands.
 */
import { EMAIL_MAX_LENGTH, NAME_LIMITS, PASSWORD_LIMITS, USERNAME_PATTERN } from './account-rules';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  REFRESH_TTL_DAYS,
  RESET_TTL_MINUTES,
  VERIFICATION_TTL_HOURS,
} from './accounts/deps';
import { DEFAULT_DESIGN, DESIGN_PRESETS, MIN_LINK_CONTRAST, MIN_TEXT_CONTRAST } from './design';
import { MODERATION_RULES, REPORT_REASONS } from './moderation/ports';
import { NOTIFICATION_RULES, NOTIFICATION_TYPES } from './notifications/notifications';
import { PAGE_LIMIT } from './pagination';
import { ATTACHMENT_KINDS, ATTACHMENT_RULES } from './post';
import { POST_SEARCH_RULES } from './post-search';
import { POST_TEXT_RULES } from './post-text';
import { postingLimitsOf } from './posting-limits';
import { PROFILE_LIMITS } from './profile';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limits';
import { SEARCH_QUERY_LIMITS } from './search';
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from './sms/commands';
import { PHONE_CODE_RULES } from './sms/phone-verification';
import { SMS_NOTIFICATION_RULES } from './sms/settings';
import { SMS_LIMITS } from './sms/sms-encoding';
import { TIMELINE_RULES } from './timeline';

export interface PublicConfigInput {
  maxBodyBytes: number;
  /** The limits in force (defaults merged with the operator's RATE_LIMITS). */
  rateLimits?: RateLimits;
}

export function publicConfig(input: PublicConfigInput) {
  return {
    apiVersion: 'v1',
    request: { maxBodyBytes: input.maxBodyBytes, contentType: 'application/json' },
    pagination: { minLimit: PAGE_LIMIT.min, maxLimit: PAGE_LIMIT.max, defaultLimit: PAGE_LIMIT.default },
    posts: {
      text: {
        ...POST_TEXT_RULES,
        countingRule:
          'NFC-normalise; count extended grapheme clusters (Intl.Segmenter), except that each http(s) URL counts ' +
          `${POST_TEXT_RULES.urlLength}; at most ${POST_TEXT_RULES.maxLength} and ${POST_TEXT_RULES.maxBytes} UTF-8 bytes`,
        forbiddenCharacters: {
          control: 'U+0000–U+001F except U+000A, U+007F–U+009F, U+2028, U+2029',
          byte_order_mark: 'U+FEFF',
          noncharacter: 'U+FDD0–U+FDEF and U+xxFFFE/U+xxFFFF in every plane',
          bidi_control: 'U+202A–U+202E, U+2066–U+2069 (LRM/RLM/ALM are allowed)',
          ill_formed: 'lone UTF-16 surrogates',
        },
      },
      attachments: { ...ATTACHMENT_RULES, kinds: ATTACHMENT_KINDS },
      idempotencyKey: { header: 'Idempotency-Key', pattern: '^[A-Za-z0-9_.:-]{1,128}$', ttlSeconds: 86_400 },
      limits: {
        ...postingLimitsOf(input.rateLimits ?? DEFAULT_RATE_LIMITS),
        counts:
          'posts, replies and direct messages of one account, by HTTP and SMS together; deleting refunds nothing',
        windows:
          'fixed windows aligned to the epoch (the day is a UTC day); over a limit: 429 with Retry-After',
      },
    },
    timeline: {
      maxEntries: TIMELINE_RULES.maxEntries,
      entryTtlDays: TIMELINE_RULES.entryTtlDays,
      backfillPosts: TIMELINE_RULES.backfillPosts,
    },
    accounts: {
      username: { pattern: USERNAME_PATTERN.source, caseInsensitive: true },
      name: { minLength: NAME_LIMITS.min, maxLength: NAME_LIMITS.max, counting: 'graphemes' },
      email: { maxLength: EMAIL_MAX_LENGTH },
      password: { minLength: PASSWORD_LIMITS.min, maxLength: PASSWORD_LIMITS.max, counting: 'code points' },
      verificationLinkHours: VERIFICATION_TTL_HOURS,
      passwordResetMinutes: RESET_TTL_MINUTES,
      accessTokenSeconds: ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenDays: REFRESH_TTL_DAYS,
    },
    profiles: {
      maxLength: {
        bio: PROFILE_LIMITS.bio,
        location: PROFILE_LIMITS.location,
        category: PROFILE_LIMITS.category,
      },
      website: { schemes: ['http', 'https'], maxLength: PROFILE_LIMITS.website },
      accountTypes: ['person', 'business'],
      design: {
        colorPattern: '^#[0-9a-fA-F]{6}$',
        backgroundImage: { schemes: ['https'], maxLength: PROFILE_LIMITS.imageUrl },
        contrast: {
          rule: 'WCAG 2.x contrast ratio',
          textOnBackground: MIN_TEXT_CONTRAST,
          textOnSidebar: MIN_TEXT_CONTRAST,
          linkOnBackground: MIN_LINK_CONTRAST,
          linkOnSidebar: MIN_LINK_CONTRAST,
        },
        defaults: DEFAULT_DESIGN,
        presets: DESIGN_PRESETS,
      },
    },
    sms: {
      phoneCode: PHONE_CODE_RULES,
      replyLength: { gsm7Characters: SMS_LIMITS.gsm7Septets, ucs2Characters: SMS_LIMITS.ucs2Units },
      commands: [
        'FOLLOW user (F user)',
        'UNFOLLOW user (LEAVE user)',
        'ON / OFF',
        'ON user / OFF user',
        'GET user',
        'WHOIS user',
        'FAV user',
        'RT user',
        'STATS',
        '@user text',
        'D user text',
        'HELP',
      ],
      optOutKeywords: OPT_OUT_KEYWORDS,
      optInKeywords: OPT_IN_KEYWORDS,
      notifications: {
        ...SMS_NOTIFICATION_RULES,
        quietHoursFormat: 'HH:MM local time; start > end spans midnight',
      },
      postTextRules: 'the same as posts.text',
    },
    engagement: {
      kinds: ['like', 'repost'],
      rateLimits: {
        like: input.rateLimits?.['like:user'] ?? DEFAULT_RATE_LIMITS['like:user'],
        repost: input.rateLimits?.['repost:user'] ?? DEFAULT_RATE_LIMITS['repost:user'],
      },
    },
    notifications: {
      types: NOTIFICATION_TYPES,
      groupWindowSeconds: NOTIFICATION_RULES.groupWindowSeconds,
      groupedTypes: NOTIFICATION_RULES.groupedTypes,
      actorsShown: NOTIFICATION_RULES.actorsShown,
      ttlDays: NOTIFICATION_RULES.ttlDays,
      unreadCountCap: NOTIFICATION_RULES.unreadCountCap,
    },
    search: {
      queryLength: { min: SEARCH_QUERY_LIMITS.min, max: SEARCH_QUERY_LIMITS.max },
      matching:
        'prefix of the username or of any word of the first or last name; case- and accent-insensitive',
      order: ['exact username', 'username prefix', 'name prefix'],
      posts: {
        query: '#tag (any age) or one word prefix (recent posts)',
        minWordQueryLength: POST_SEARCH_RULES.minQueryLength,
        maxIndexedPrefix: POST_SEARCH_RULES.maxIndexedPrefix,
        maxWordLength: POST_SEARCH_RULES.maxWordLength,
        wordSearchDays: POST_SEARCH_RULES.wordSearchDays,
        folding: 'as user search: NFKD, combining marks removed, lowercased, ß→ss and similar',
        order: 'newest first',
      },
    },
    reports: {
      reasons: REPORT_REASONS,
      noteMaxLength: MODERATION_RULES.maxNoteLength,
      rateLimit: (input.rateLimits ?? DEFAULT_RATE_LIMITS)['report:user'],
    },
    messages: {
      text: 'the same as posts.text',
      rule: 'only to a user who follows you; not to yourself',
      rateLimit: (input.rateLimits ?? DEFAULT_RATE_LIMITS)['message:user'],
    },
  };
}
