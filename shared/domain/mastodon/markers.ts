/**
 * Reading markers (Mastodon's `/api/v1/markers`): where a person's apps last read the home timeline and the
 * notifications, so another app (or the same one on another device) opens at the same place. Skylark keeps them
 * as the apps send them: the id is the app's, the version counts the saves, and nothing else reads them.
 */
import type { MarkerTimeline } from '#shared/schemas/mastodon';

export interface ReadingMarker {
  timeline: MarkerTimeline;
  lastReadId: string;
  /** How many times it was saved: 1 after the first save (Mastodon's `version`). */
  version: number;
  updatedAt: string;
}

export interface MarkerStore {
  markersOf(userId: string): Promise<ReadingMarker[]>;
  save(userId: string, timeline: MarkerTimeline, lastReadId: string, at: string): Promise<ReadingMarker>;
}

/** The caller's markers of the timelines asked for (none asked: none answered, as Mastodon does). */
export async function readMarkers(
  store: MarkerStore,
  userId: string,
  timelines: readonly MarkerTimeline[],
): Promise<ReadingMarker[]> {
  if (timelines.length === 0) return [];
  return (await store.markersOf(userId)).filter((marker) => timelines.includes(marker.timeline));
}

/** Saves the positions given (each timeline its own write), answering the saved markers. */
export function saveMarkers(
  store: MarkerStore,
  userId: string,
  positions: Partial<Record<MarkerTimeline, string>>,
  now: Date,
): Promise<ReadingMarker[]> {
  const at = now.toISOString();
  return Promise.all(
    Object.entries(positions).flatMap(([timeline, lastReadId]) =>
      lastReadId === undefined ? [] : [store.save(userId, timeline as MarkerTimeline, lastReadId, at)],
    ),
  );
}

/** The Marker entities keyed by timeline, as Mastodon answers both routes. */
export function toMarkers(markers: readonly ReadingMarker[]) {
  return Object.fromEntries(
    markers.map((marker) => [
      marker.timeline,
      { last_read_id: marker.lastReadId, version: marker.version, updated_at: marker.updatedAt },
    ]),
  );
}
