import { describe, expect, it } from 'vitest';
import {
  type MarkerStore,
  type ReadingMarker,
  readMarkers,
  saveMarkers,
  toMarkers,
} from '#shared/domain/mastodon/markers';
import { MarkersQuery, SaveMarkersBody } from '#shared/schemas/mastodon';

/** A store in memory that counts versions the way the table's ADD does. */
function memoryStore(): MarkerStore & { saved: ReadingMarker[] } {
  const saved: ReadingMarker[] = [];
  return {
    saved,
    markersOf: async () => [...saved],
    save: async (_userId, timeline, lastReadId, at) => {
      const previous = saved.findIndex((marker) => marker.timeline === timeline);
      const marker = { timeline, lastReadId, updatedAt: at, version: (saved[previous]?.version ?? 0) + 1 };
      if (previous >= 0) saved.splice(previous, 1, marker);
      else saved.push(marker);
      return marker;
    },
  };
}

describe('Mastodon reading markers', () => {
  it('answers only the timelines asked for, and none when none is asked', async () => {
    const store = memoryStore();
    await saveMarkers(store, 'u1', { home: 'A', notifications: 'n-1' }, new Date('2026-12-03T10:00:00Z'));
    expect((await readMarkers(store, 'u1', ['home'])).map((marker) => marker.timeline)).toEqual(['home']);
    expect(await readMarkers(store, 'u1', [])).toEqual([]);
  });

  it('saves only the positions given, counting versions, as the Marker entity', async () => {
    const store = memoryStore();
    await saveMarkers(store, 'u1', { home: 'A' }, new Date('2026-12-03T10:00:00Z'));
    const second = await saveMarkers(store, 'u1', { home: 'B' }, new Date('2026-12-03T11:00:00Z'));
    expect(store.saved.map((marker) => marker.timeline)).toEqual(['home']);
    expect(toMarkers(second)).toEqual({
      home: { last_read_id: 'B', version: 2, updated_at: '2026-12-03T11:00:00.000Z' },
    });
  });

  it('reads the timeline list one or many, leaving out names it does not keep', () => {
    expect(MarkersQuery.parse({ timeline: ['home', 'notifications', 'lists'] }).timeline).toEqual([
      'home',
      'notifications',
    ]);
    expect(MarkersQuery.parse({ timeline: 'home' }).timeline).toEqual(['home']);
    expect(MarkersQuery.parse({}).timeline).toEqual([]);
  });

  it('refuses a save with no position or a malformed id', () => {
    expect(SaveMarkersBody.safeParse({}).success).toBe(false);
    expect(SaveMarkersBody.safeParse({ home: {} }).success).toBe(false);
    expect(SaveMarkersBody.safeParse({ home: { last_read_id: 'bad id!' } }).success).toBe(false);
    expect(SaveMarkersBody.parse({ notifications: { last_read_id: 'n-1' }, extra: 1 })).toEqual({
      notifications: { last_read_id: 'n-1' },
    });
  });
});
