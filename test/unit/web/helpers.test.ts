import { describe, expect, it } from 'vitest';
import { DEFAULT_DESIGN } from '#shared/domain/design';
import { isApiPath } from '../../../web/site-policy';
import { designProperties } from '../../../web/src/design-style';
import { createMatcher } from '../../../web/src/route-pattern';
import { exactTime, formatWait, relativeTime } from '../../../web/src/time';

describe('route patterns', () => {
  const match = createMatcher([
    { pattern: '/', screen: 'home' },
    { pattern: '/@:username', screen: 'user' },
    { pattern: '/@:username/:postId', screen: 'post' },
    { pattern: '/settings/:section', screen: 'settings' },
  ]);

  it('matches literal and parameter segments, with an optional trailing slash', () => {
    expect(match('/')).toEqual({ screen: 'home', params: {} });
    expect(match('/@ada')).toEqual({ screen: 'user', params: { username: 'ada' } });
    expect(match('/@ada/')).toEqual({ screen: 'user', params: { username: 'ada' } });
    expect(match('/@ada/01JD')).toEqual({ screen: 'post', params: { username: 'ada', postId: '01JD' } });
    expect(match('/settings/design')?.params).toEqual({ section: 'design' });
  });

  it('matches nothing else', () => {
    expect(match('/ada')).toBeUndefined();
    expect(match('/@ada/1/2')).toBeUndefined();
    expect(match('/settings')).toBeUndefined();
  });
});

describe('relative times', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it.each([
    ['2026-12-01T11:59:55Z', 'just now'],
    ['2026-12-01T11:59:30Z', '30 seconds ago'],
    ['2026-12-01T11:55:00Z', '5 minutes ago'],
    ['2026-12-01T09:00:00Z', '3 hours ago'],
    ['2026-11-02T12:00:00Z', '2 Nov'],
    ['2025-11-02T12:00:00Z', '2 Nov 2025'],
  ])('shows %s as "%s"', (iso, expected) => {
    expect(relativeTime(iso, now, 'en-GB')).toBe(expected);
  });

  it('gives the exact time for the hover title', () => {
    expect(exactTime('2026-12-01T09:05:00Z', 'en-GB')).toMatch(
      /1 December 2026.*09:05|1 December 2026.*\d{2}:05/,
    );
  });
});

describe('page designs as CSS custom properties', () => {
  it('maps every colour, and the background image only when there is one', () => {
    expect(designProperties(DEFAULT_DESIGN)).toMatchObject({
      '--page-bg': '#c0deed',
      '--page-text': '#333333',
      // The default link colour is 4.2:1 on its background: links are drawn in the text colour, underlined in it.
      '--page-link': '#333333',
      '--page-link-accent': '#0066a1',
      '--page-sidebar': '#ddeef6',
      '--page-bg-image': 'none',
    });
    const tiled = designProperties({
      ...DEFAULT_DESIGN,
      backgroundImageUrl: 'https://example.org/a b.png',
      backgroundTile: true,
    });
    expect(tiled['--page-bg-image']).toBe('url("https://example.org/a%20b.png")');
    expect(tiled['--page-bg-repeat']).toBe('repeat');
  });
});

describe('API paths', () => {
  it('never hands API paths to the app', () => {
    for (const path of [
      '/v1',
      '/v1/users/x',
      '/api/v1/instance',
      '/oauth/token',
      '/.well-known/nodeinfo',
      '/nodeinfo/2.0',
    ]) {
      expect(isApiPath(path)).toBe(true);
    }
    for (const path of ['/', '/@ada', '/v1x', '/confirm', '/apis']) expect(isApiPath(path)).toBe(false);
  });
});

describe('how long a 429 asks to wait', () => {
  it('says seconds, then minutes, then hours past an hour and a half', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(30)).toBe('30 seconds');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(89 * 60)).toBe('89 minutes');
    expect(formatWait(90 * 60)).toBe('2 hours');
    expect(formatWait(67_680)).toBe('19 hours');
  });
});
