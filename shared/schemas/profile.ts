/** Request schemas of the profile and search routes (docs/api.md, "Profiles"). */
import { z } from 'zod';
import { COLOR_PATTERN } from '#shared/domain/design';
import { countLength, findInvalidCharacter } from '#shared/domain/post-text';
import { PROFILE_LIMITS } from '#shared/domain/profile';
import { foldForSearch, SEARCH_QUERY_LIMITS } from '#shared/domain/search';
import { PersonName } from './auth';
import { domainIssue, PageQuery } from './common';

/** Short profile text: NFC, trimmed, one line, at most `max` user-perceived characters; empty means none. */
function profileText(max: number, tooLongCode: string) {
  return z
    .string()
    .max(max * 16)
    .transform((text) => text.normalize('NFC').trim())
    .check((ctx) => {
      if (ctx.value.includes('\n') || findInvalidCharacter(ctx.value)) {
        ctx.issues.push(
          domainIssue(
            'invalid_characters',
            'Control, bidi override and line-break characters are not allowed',
            ctx.value,
          ),
        );
      } else if (countLength(ctx.value, []) > max) {
        ctx.issues.push(domainIssue(tooLongCode, `At most ${max} characters`, ctx.value));
      }
    })
    .transform((text) => (text === '' ? null : text));
}

/** An absolute URL with one of the given schemes; `javascript:`, `data:` and the like are refused. */
function webUrl(schemes: readonly string[], maxLength: number) {
  return z
    .string()
    .max(maxLength * 4)
    .transform((text) => text.trim())
    .check((ctx) => {
      const url = URL.canParse(ctx.value) ? new URL(ctx.value) : undefined;
      const allowed =
        url && schemes.includes(url.protocol) && url.hostname.length > 0 && !url.username && !url.password;
      if (!allowed || ctx.value.length > maxLength) {
        ctx.issues.push(
          domainIssue(
            'invalid_url',
            `Give an ${schemes.join(' or ')} URL of at most ${maxLength} characters`,
            ctx.value,
          ),
        );
      }
    });
}

const Color = z
  .string()
  .transform((color) => color.toLowerCase())
  .check((ctx) => {
    if (!COLOR_PATTERN.test(ctx.value)) {
      ctx.issues.push(domainIssue('invalid_color', 'Colours are #rrggbb hex, e.g. #1da1f2', ctx.value));
    }
  });

export const DesignPatch = z.strictObject({
  backgroundColor: Color.optional(),
  backgroundImageUrl: webUrl(['https:'], PROFILE_LIMITS.imageUrl).nullable().optional(),
  backgroundTile: z.boolean().optional(),
  textColor: Color.optional(),
  linkColor: Color.optional(),
  sidebarFillColor: Color.optional(),
  sidebarBorderColor: Color.optional(),
});

export const UpdateProfileBody = z
  .strictObject({
    firstName: PersonName.optional(),
    lastName: PersonName.optional(),
    bio: profileText(PROFILE_LIMITS.bio, 'bio_too_long').nullable().optional(),
    location: profileText(PROFILE_LIMITS.location, 'location_too_long').nullable().optional(),
    website: webUrl(['http:', 'https:'], PROFILE_LIMITS.website).nullable().optional(),
    accountType: z.enum(['person', 'business']).optional(),
    category: profileText(PROFILE_LIMITS.category, 'category_too_long').nullable().optional(),
    design: DesignPatch.nullable().optional(),
  })
  .check((ctx) => {
    if (Object.keys(ctx.value).length === 0 && ctx.issues.length === 0) {
      ctx.issues.push(domainIssue('empty_patch', 'Send at least one field to change', ctx.value));
    }
  });
export type UpdateProfileInput = z.infer<typeof UpdateProfileBody>;

export const SearchUsersQuery = PageQuery.extend({
  q: z
    .string()
    .transform(foldForSearch)
    .check((ctx) => {
      const length = [...ctx.value].length;
      if (length < SEARCH_QUERY_LIMITS.min || length > SEARCH_QUERY_LIMITS.max) {
        ctx.issues.push(
          domainIssue(
            'invalid_query',
            `Search for ${SEARCH_QUERY_LIMITS.min}–${SEARCH_QUERY_LIMITS.max} characters`,
            ctx.value,
          ),
        );
      }
    }),
});
