/**
 * Editing a profile: a partial patch applied to the current profile, with the rules that span fields (a
 * business has a category, a person has none; the merged design must be readable).
 */
import { ValidationError } from '#shared/errors';
import { assertReadable, DEFAULT_DESIGN, type Design } from './design';
import type { ProfileFields } from './user';

export const PROFILE_LIMITS = { bio: 160, location: 30, category: 30, website: 200, imageUrl: 500 } as const;

/** Fields absent from the patch stay; `null` clears an optional field (and `design: null` restores defaults). */
export interface ProfilePatch {
  firstName?: string;
  lastName?: string;
  bio?: string | null;
  location?: string | null;
  website?: string | null;
  accountType?: ProfileFields['accountType'];
  category?: string | null;
  design?: Partial<Design> | null;
  protected?: boolean;
}

export function applyProfilePatch(current: ProfileFields, patch: ProfilePatch): ProfileFields {
  const accountType = patch.accountType ?? current.accountType;
  const category =
    accountType === 'person' ? null : patch.category !== undefined ? patch.category : current.category;
  if (accountType === 'person' && patch.category) {
    throw new ValidationError('category_not_allowed', 'Only business accounts have a category');
  }
  if (accountType === 'business' && !category) {
    throw new ValidationError('category_required', 'A business account needs a category, e.g. "Café"');
  }
  const design = patch.design === null ? DEFAULT_DESIGN : { ...current.design, ...patch.design };
  if (patch.design) assertReadable(design);
  return {
    firstName: patch.firstName ?? current.firstName,
    lastName: patch.lastName ?? current.lastName,
    bio: patch.bio !== undefined ? patch.bio : current.bio,
    location: patch.location !== undefined ? patch.location : current.location,
    website: patch.website !== undefined ? patch.website : current.website,
    accountType,
    category,
    design,
    protected: patch.protected ?? current.protected,
  };
}
