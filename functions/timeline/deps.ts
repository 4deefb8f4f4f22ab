/** The production wiring of the timeline read routes: the DynamoDB timeline and mention readers. */
import { postHydration } from '#shared/db/post-hydration';
import { mentionReader, timelineReader } from '#shared/db/timeline-repository';
import { systemClock } from '#shared/domain/clock';
import type { MentionsDependencies, TimelineDependencies } from '#shared/domain/timeline';

export const timelineDeps: TimelineDependencies = {
  timeline: timelineReader,
  clock: systemClock,
  hydration: postHydration,
};

export const mentionsDeps: MentionsDependencies = { mentions: mentionReader, hydration: postHydration };
