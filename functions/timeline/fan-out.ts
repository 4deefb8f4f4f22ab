/**
 * The stream consumer that materialises timelines (shared/domain/fan-out.ts). Everything it writes is
 * deterministic, so the retries of the batch processor (shared/stream/stream-handler.ts) are harmless.
 */
import { parseStreamRecord } from '#shared/db/stream-records';
import { fanOutStore } from '#shared/db/timeline-repository';
import { systemClock } from '#shared/domain/clock';
import { applyStreamChange } from '#shared/domain/fan-out';
import { logger } from '#shared/observability';
import { streamHandler } from '#shared/stream/stream-handler';

const deps = { store: fanOutStore(), clock: systemClock };

export const handler = streamHandler(async (record) => {
  const change = parseStreamRecord(record);
  if (!change) return;
  logger.debug('Applying stream change', { kind: change.kind, eventId: record.eventID });
  await applyStreamChange(deps, change);
});
