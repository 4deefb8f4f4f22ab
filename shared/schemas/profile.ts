/** Request schemas of the profile and search routes (docs/api.md, "Profiles"). */
import { COLOR_PATTERN } from '#shared/domain/design';
import { countLength, findInvalidCharacter } from '#shared/domain/post-text';
import { PROFILE_LIMITS } from '#shared/domain/profile';
import { foldForSearch, SEARCH_QUERY_LIMITS } from '#shared/domain/search';
import { PersonName } from './auth';
import { domainIssue, PageQuery } from './common';
import * as z from './zod';

/** Short profile text: NFC, trimmed, one line, at most `max` user-perceived characters; empty means none. */
function profileText(max: number, tooLongCode: string) {
  const checked = z
    .pipe(
      z.string().check(z.maxLength(max * 16)),
      z.transform((text: string) => text.normalize('NFC').trim()),
    )
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
    });
  return z.pipe(
    checked,
    z.transform((text: string) => (text === '' ? null : text)),
  );
}

/** An absolute URL with one of the given schemes; `javascript:`, `data:` and the like are refused. */
function webUrl(schemes: readonly string[], maxLength: number) {
  return z
    .pipe(
      z.string().check(z.maxLength(maxLength * 4)),
      z.transform((text: string) => text.trim()),
    )
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
  .pipe(
    z.string(),
    z.transform((color: string) => color.toLowerCase()),
  )
  .check((ctx) => {
    if (!COLOR_PATTERN.test(ctx.value)) {
      ctx.issues.push(domainIssue('invalid_color', 'Colours are #rrggbb hex, e.g. #1da1f2', ctx.value));
    }
  });

export const DesignPatch = z.strictObject({
  backgroundColor: z.optional(Color),
  backgroundImageUrl: z.optional(z.nullable(webUrl(['https:'], PROFILE_LIMITS.imageUrl))),
  backgroundTile: z.optional(z.boolean()),
  textColor: z.optional(Color),
  linkColor: z.optional(Color),
  sidebarFillColor: z.optional(Color),
  sidebarBorderColor: z.optional(Color),
});

export const UpdateProfileBody = z
  .strictObject({
    firstName: z.optional(PersonName),
    lastName: z.optional(PersonName),
    bio: z.optional(z.nullable(profileText(PROFILE_LIMITS.bio, 'bio_too_long'))),
    location: z.optional(z.nullable(profileText(PROFILE_LIMITS.location, 'location_too_long'))),
    website: z.optional(z.nullable(webUrl(['http:', 'https:'], PROFILE_LIMITS.website))),
    accountType: z.optional(z.enum(['person', 'business'])),
    category: z.optional(z.nullable(profileText(PROFILE_LIMITS.category, 'category_too_long'))),
    design: z.optional(z.nullable(DesignPatch)),
    protected: z.optional(z.boolean()),
  })
  .check((ctx) => {
    if (Object.keys(ctx.value).length === 0 && ctx.issues.length === 0) {
      ctx.issues.push(domainIssue('empty_patch', 'Send at least one field to change', ctx.value));
    }
  });
export type UpdateProfileInput = z.infer<typeof UpdateProfileBody>;

export const SearchUsersQuery = z.extend(PageQuery, {
  q: z.pipe(z.string(), z.transform(foldForSearch)).check((ctx) => {
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
