/** The table stream reader for reactions that call the outside world (./reactions.ts, `outsideWorldReactions`). */
import { reactionReader } from '#shared/stream/reaction-reader';
import { reactionDeps } from './deps';
import { outsideWorldReactions } from './reactions';

export const handler = reactionReader(outsideWorldReactions, reactionDeps);
