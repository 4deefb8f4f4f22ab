/**
 * A table stream reader: the Lambda handler that runs a list of reactions (shared/stream/reaction.ts). Records
 * are taken in order; each goes to every reaction whose filters match it, all at once. A reaction that throws
 * fails the record, so the batch processor reports it and the event source mapping redelivers it (with what
 * follows it in the shard) to every reaction of the reader: reactions are idempotent, so the ones that already
 * succeeded do nothing new.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { logger } from '#shared/observability';
import { reactionsFor, type StreamReaction } from './reaction';
import { type StreamRecordHandler, streamHandler } from './stream-handler';

export class ReactionFailedError extends Error {
  override name = 'ReactionFailedError';
  constructor(
    readonly reaction: string,
    cause: unknown,
  ) {
    super(`stream reaction ${reaction} failed`, { cause });
  }
}

/**
 * Runs the matching reactions of one record at once: they write different items and each converges on its
 * own, so none waits for another (a post's fan-out and its index entries go together). Every one runs to its
 * end; any failure fails the record, named after the first failing reaction in list order.
 */
export function dispatchTo<Deps>(
  reactions: readonly StreamReaction<Deps>[],
  deps: Deps,
): StreamRecordHandler {
  return async (record: DynamoDBRecord) => {
    const matching = reactionsFor(reactions, record);
    const outcomes = await Promise.allSettled(
      // async: a reaction that throws before its first await becomes a rejection like any other, so the
      // others still run to their end and nothing is left unawaited.
      matching.map(async (reaction) => {
        logger.debug('Applying stream reaction', { reaction: reaction.name, eventId: record.eventID });
        await reaction.handle(deps, record);
      }),
    );
    const failures = matching.flatMap((reaction, index) => {
      const outcome = outcomes[index];
      return outcome?.status === 'rejected' ? [new ReactionFailedError(reaction.name, outcome.reason)] : [];
    });
    const [first, ...others] = failures;
    // The record fails with the first; the others would otherwise go unseen until the redelivery.
    for (const failure of others) {
      logger.error('Stream reaction failed', {
        reaction: failure.reaction,
        eventId: record.eventID,
        error: failure,
      });
    }
    if (first) throw first;
  };
}

/** The Lambda handler of a reader running these reactions. */
export function reactionReader<Deps>(reactions: readonly StreamReaction<Deps>[], deps: Deps) {
  return streamHandler(dispatchTo(reactions, deps));
}
