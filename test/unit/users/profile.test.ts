import { describe, expect, it } from 'vitest';
import { DEFAULT_DESIGN } from '#shared/domain/design';
import { applyProfilePatch } from '#shared/domain/profile';
import type { ProfileFields } from '#shared/domain/user';
import { UpdateProfileBody } from '#shared/schemas/profile';

const current: ProfileFields = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  bio: 'Poetical science',
  location: 'London',
  website: 'https://example.org',
  accountType: 'person',
  category: null,
  design: DEFAULT_DESIGN,
  protected: false,
};

function codesOf(input: unknown): string[] {
  const result = UpdateProfileBody.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) =>
    issue.code === 'custom' ? String(issue.params?.code ?? 'custom') : issue.code,
  );
}

describe('profile patches', () => {
  it('changes only the fields sent, and null clears an optional field', () => {
    const next = applyProfilePatch(current, { bio: null, location: 'Paris' });
    expect(next).toEqual({ ...current, bio: null, location: 'Paris' });
  });

  it('merges a partial design and restores defaults on design: null', () => {
    const dark = applyProfilePatch(current, { design: { backgroundColor: '#ffffff', textColor: '#111111' } });
    expect(dark.design).toEqual({ ...DEFAULT_DESIGN, backgroundColor: '#ffffff', textColor: '#111111' });
    expect(applyProfilePatch(dark, { design: null }).design).toEqual(DEFAULT_DESIGN);
  });

  it('checks contrast on the merged design', () => {
    expect(() =>
      applyProfilePatch(current, { design: { textColor: DEFAULT_DESIGN.backgroundColor } }),
    ).toThrowError(expect.objectContaining({ code: 'low_contrast' }));
  });

  it('requires a category for a business and drops it for a person', () => {
    expect(() => applyProfilePatch(current, { accountType: 'business' })).toThrowError(
      expect.objectContaining({ code: 'category_required' }),
    );
    const cafe = applyProfilePatch(current, { accountType: 'business', category: 'Café' });
    expect(cafe).toMatchObject({ accountType: 'business', category: 'Café' });
    expect(applyProfilePatch(cafe, { accountType: 'person' }).category).toBeNull();
    expect(() => applyProfilePatch(current, { category: 'Bakery' })).toThrowError(
      expect.objectContaining({ code: 'category_not_allowed' }),
    );
  });
});

describe('the profile schema', () => {
  it.each([['red'], ['#fff'], ['rgb(0,0,0)'], ['#12345g'], ['1da1f2'], ['#1da1f2ff']])(
    'refuses the colour %s',
    (color) => expect(codesOf({ design: { textColor: color } })).toEqual(['invalid_color']),
  );

  it('accepts #RRGGBB in either case and stores it lowercase', () => {
    expect(UpdateProfileBody.parse({ design: { linkColor: '#1DA1F2' } }).design?.linkColor).toBe('#1da1f2');
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,hi'],
    ['ftp://example.org'],
    ['//example.org'],
    ['https://user:pass@example.org'],
  ])('refuses the website %s', (website) => expect(codesOf({ website })).toEqual(['invalid_url']));

  it('refuses a background image that is not https', () => {
    expect(codesOf({ design: { backgroundImageUrl: 'http://example.org/bg.png' } })).toEqual(['invalid_url']);
    expect(codesOf({ design: { backgroundImageUrl: 'data:image/png;base64,AAAA' } })).toEqual([
      'invalid_url',
    ]);
  });

  it('limits bio to 160 and location to 30 characters, counting graphemes', () => {
    expect(codesOf({ bio: 'x'.repeat(161) })).toEqual(['bio_too_long']);
    expect(codesOf({ bio: '🇬🇪'.repeat(160) })).toEqual([]);
    expect(codesOf({ location: 'y'.repeat(31) })).toEqual(['location_too_long']);
  });

  it('refuses bidi overrides in names and control characters in a bio', () => {
    expect(codesOf({ firstName: 'Ada\u202E' })).toEqual(['invalid_name']);
    expect(codesOf({ bio: 'hello\u0007' })).toEqual(['invalid_characters']);
  });

  it('refuses unknown fields and an empty patch', () => {
    expect(codesOf({ email: 'x@example.org' })).toContain('unrecognized_keys');
    expect(codesOf({ design: { fontFamily: 'Comic Sans' } })).toEqual(['unrecognized_keys']);
    expect(codesOf({})).toEqual(['empty_patch']);
  });
});
