import { ConflictError, userNotFound } from '#shared/errors';
import { assertAccountActive } from '../accounts/account-state';
import { applyProfilePatch, type ProfilePatch } from '../profile';
import type { User } from '../user';
import type { ProfileStore } from './ports';

export interface ProfileDeps {
  users: Pick<ProfileStore, 'getProfileForUpdate' | 'saveProfileFields'>;
  /**
   * Turning protection off accepts every pending follow request (relationships.acceptAllFollowRequests).
   * Only surfaces that can change `protected` wire it; a patch that sets it without is a wiring error.
   */
  acceptAllFollowRequests?: (userId: string) => Promise<number>;
}

const MAX_ATTEMPTS = 3;

/**
 * Applies a patch to the caller's profile. Read, merge, validate, then a write guarded by the version read:
 * two concurrent edits cannot undo each other; the loser retries on the fresh profile. `protected: false`
 * accepts the pending follow requests, after the save (new follows are no longer requests by then).
 */
export async function updateProfile(deps: ProfileDeps, userId: string, patch: ProfilePatch): Promise<User> {
  const { acceptAllFollowRequests } = deps;
  if (patch.protected !== undefined && !acceptAllFollowRequests) {
    throw new Error('updateProfile: protected changed without acceptAllFollowRequests wired');
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await deps.users.getProfileForUpdate(userId);
    if (!current) throw userNotFound();
    assertAccountActive(current.user);
    const fields = applyProfilePatch(current.user, patch);
    if (await deps.users.saveProfileFields(userId, fields, current.version)) {
      // Also when it was already off: requests left pending by an earlier, interrupted run are accepted now.
      const accepted =
        patch.protected === false && acceptAllFollowRequests ? await acceptAllFollowRequests(userId) : 0;
      // Accepted requests changed the follower count: answer with the profile as it is now.
      const fresh = accepted > 0 ? await deps.users.getProfileForUpdate(userId) : undefined;
      return fresh?.user ?? { ...current.user, ...fields };
    }
  }
  throw new ConflictError('edit_conflict', 'The profile changed while saving; try again');
}
