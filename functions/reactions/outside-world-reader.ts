/** The table stream reader for reactions that call the outside world (./reactions.ts, `outsideWorldReactions`). */
import { reactionReader } from '#shared/stream/reaction-reader';
import { outsideWorldReactionDeps } from './deps';
import { outsideWorldReactions } from './reactions';

export const handler = reactionReader(outsideWorldReactions, outsideWorldReactionDeps);
