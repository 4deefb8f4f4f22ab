/** The table stream reader for reactions that only touch the table (./reactions.ts, `tableReactions`). */
import { reactionReader } from '#shared/stream/reaction-reader';
import { tableReactionDeps } from './deps';
import { tableReactions } from './reactions';

export const handler = reactionReader(tableReactions, tableReactionDeps);
