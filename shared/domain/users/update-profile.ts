import { ConflictError, userNotFound } from '#shared/errors';
import { applyProfilePatch, type ProfilePatch } from '../profile';
import type { User } from '../user';
import type { ProfileStore } from './ports';

export interface ProfileDeps {
  users: Pick<ProfileStore, 'getProfileForUpdate' | 'saveProfileFields'>;
}

const MAX_ATTEMPTS = 3;

/**
 * Applies a patch to the caller's profile. Read, merge, validate, then a write guarded by the version read:
 * two concurrent edits cannot undo each other; the loser retries on the fresh profile.
 */
export async function updateProfile(deps: ProfileDeps, userId: string, patch: ProfilePatch): Promise<User> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await deps.users.getProfileForUpdate(userId);
    if (!current) throw userNotFound();
    const fields = applyProfilePatch(current.user, patch);
    if (await deps.users.saveProfileFields(userId, fields, current.version))
      return { ...current.user, ...fields };
  }
  throw new ConflictError('edit_conflict', 'The profile changed while saving; try again');
}
