/**
 * A table stream reader: the Lambda handler that runs a list of reactions (shared/stream/reaction.ts). Each
 * record goes, in order, to every reaction whose filters match it; a reaction that throws fails the record, so
 * the batch processor reports it and the event source mapping redelivers it (with what follows it in the
 * shard) to every reaction of the reader: reactions are idempotent, so the ones that already succeeded do
 * nothing new.
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

/** Runs the matching reactions of one record, one after the other; the first failure fails the record. */
export function dispatchTo<Deps>(
  reactions: readonly StreamReaction<Deps>[],
  deps: Deps,
): StreamRecordHandler {
  return async (record: DynamoDBRecord) => {
    for (const reaction of reactionsFor(reactions, record)) {
      logger.debug('Applying stream reaction', { reaction: reaction.name, eventId: record.eventID });
      try {
        await reaction.handle(deps, record);
      } catch (error) {
        throw new ReactionFailedError(reaction.name, error);
      }
    }
  };
}

/** The Lambda handler of a reader running these reactions. */
export function reactionReader<Deps>(reactions: readonly StreamReaction<Deps>[], deps: Deps) {
  return streamHandler(dispatchTo(reactions, deps));
}
