/** The accounts function: the shared reads, and the /v1 safety stores (blocks, mutes, follow requests). */
import { followRequestStore, followStore } from '#shared/db/follow-repository';
import { relationStore } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock } from '#shared/domain/clock';
import type { MastodonDeps } from '#shared/domain/mastodon/api';
import type { MastodonRelationshipDeps } from '#shared/domain/mastodon/relationships';
import { publicUrl } from './deps';
import { readDeps } from './reads-deps';

export const accountsDeps: MastodonDeps & MastodonRelationshipDeps = {
  ...readDeps,
  get publicUrl() {
    return publicUrl();
  },
  safety: {
    relations: relationStore,
    requests: followRequestStore,
    follows: followStore,
    users: userDirectory,
    clock: systemClock,
  },
};
