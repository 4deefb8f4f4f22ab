import { STREAM_CONSUMER_DEFAULTS, type StreamConsumer } from '#shared/catalog';
import { readerFilters } from '#shared/stream/reaction';
import { outsideWorldReactions, tableReactions } from './reactions';

/**
 * The table stream's two readers, one per failure domain (./reactions.ts). Each receives the union of its
 * reactions' filters; failing records are bisected, retried 5 times within six hours, then go to the
 * on-failure destination. Never add a third: add a reaction to a list instead (docs/stream.md).
 */
export const tableReactionsReader: StreamConsumer = {
  name: 'TableReactions',
  entry: 'functions/reactions/table-reader.ts',
  uses: ['table:read', 'table:write'],
  // The fan-out of a post to thousands of followers is the heaviest work (docs/performance.md).
  memoryMb: 1024,
  timeoutSeconds: 120,
  ...STREAM_CONSUMER_DEFAULTS,
  filters: readerFilters(tableReactions),
};

export const outsideWorldReactionsReader: StreamConsumer = {
  name: 'OutsideWorldReactions',
  entry: 'functions/reactions/outside-world-reader.ts',
  uses: ['table:read', 'table:write', 'sms', 'export-archive:write'],
  // Texting a post's subscribers, a few at a time, can take a while.
  timeoutSeconds: 120,
  ...STREAM_CONSUMER_DEFAULTS,
  filters: readerFilters(outsideWorldReactions),
};

export const reactionReaders: readonly StreamConsumer[] = [tableReactionsReader, outsideWorldReactionsReader];
