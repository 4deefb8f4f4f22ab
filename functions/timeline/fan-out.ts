/**
 * The stream consumer that materialises timelines (shared/domain/fan-out.ts) and sends SMS notifications of
 * new posts (shared/domain/sms/notifications.ts). Everything it writes is deterministic and every SMS is
 * recorded before it is sent, so the retries of the batch processor (shared/stream/stream-handler.ts) are
 * harmless.
 */
import { smsNotifierDeps } from '#functions/sms/deps';
import { parseStreamRecord } from '#shared/db/stream-records';
import { fanOutStore } from '#shared/db/timeline-repository';
import { systemClock } from '#shared/domain/clock';
import { applyStreamChange } from '#shared/domain/fan-out';
import { applySmsStreamChange } from '#shared/domain/sms/notifications';
import { logger } from '#shared/observability';
import { streamHandler } from '#shared/stream/stream-handler';

const deps = { store: fanOutStore(), clock: systemClock };

export const handler = streamHandler(async (record) => {
  const change = parseStreamRecord(record);
  if (!change) return;
  logger.debug('Applying stream change', { kind: change.kind, eventId: record.eventID });
  await applyStreamChange(deps, change);
  await applySmsStreamChange(smsNotifierDeps, change);
});
