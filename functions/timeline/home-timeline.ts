import { timelineReader } from '#shared/db/timeline-repository';
import { systemClock } from '#shared/domain/clock';
import { readTimeline } from '#shared/domain/timeline';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery } from '#shared/schemas/posts';

export const handler = httpHandler(
  { schemas: { query: PageQuery }, auth: 'required' },
  async ({ query, caller }) =>
    ok(
      await readTimeline(
        { timeline: timelineReader, clock: systemClock },
        { ownerId: caller.userId, ...query },
      ),
    ),
);
