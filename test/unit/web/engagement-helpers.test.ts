import { describe, expect, it } from 'vitest';
import { contrastRatio, DEFAULT_DESIGN, DESIGN_PRESETS } from '#shared/domain/design';
import { readableLinkColor } from '../../../web/src/design-style';
import { actorsPhrase, notificationSentence } from '../../../web/src/notification-text';
import { createMatcher } from '../../../web/src/route-pattern';
import { countLabel, flip } from '../../../web/src/toggle';

const person = (firstName: string) => ({
  id: `id-${firstName}`,
  username: firstName.toLowerCase(),
  firstName,
  lastName: 'Test',
});

describe('a like or repost toggle', () => {
  it('turns on with one more, and off with one fewer', () => {
    expect(flip({ active: false, count: 2 })).toEqual({ active: true, count: 3 });
    expect(flip({ active: true, count: 3 })).toEqual({ active: false, count: 2 });
  });

  it('never counts below zero, even from a stale count', () => {
    expect(flip({ active: true, count: 0 })).toEqual({ active: false, count: 0 });
  });

  it('says one and many', () => {
    expect(countLabel(1, 'like', 'likes')).toBe('1 like');
    expect(countLabel(0, 'like', 'likes')).toBe('0 likes');
    expect(countLabel(12, 'repost', 'reposts')).toBe('12 reposts');
  });
});

describe('notification sentences', () => {
  it('names one actor, two, and the shown ones with how many others', () => {
    expect(actorsPhrase([person('Ada')], 1)).toBe('Ada Test');
    expect(actorsPhrase([person('Ada'), person('Bob')], 2)).toBe('Ada Test and Bob Test');
    expect(actorsPhrase([person('Ada'), person('Bob'), person('Cy')], 3)).toBe(
      'Ada Test, Bob Test and Cy Test',
    );
    expect(actorsPhrase([person('Ada'), person('Bob'), person('Cy')], 4)).toBe(
      'Ada Test, Bob Test, Cy Test and 1 other',
    );
    expect(actorsPhrase([person('Ada')], 5)).toBe('Ada Test and 4 others');
  });

  it.each([
    ['follow', 'Ada Test followed you'],
    ['mention', 'Ada Test mentioned you'],
    ['reply', 'Ada Test replied to your post'],
    ['like', 'Ada Test liked your post'],
    ['repost', 'Ada Test reposted your post'],
    ['message', 'Ada Test sent you a message'],
  ] as const)('says what a %s notification is', (type, sentence) => {
    expect(notificationSentence({ type, actors: [person('Ada')], actorCount: 1 })).toBe(sentence);
  });
});

describe('route patterns with fixed words', () => {
  const match = createMatcher([
    { pattern: '/@:username/:tab(likes)', screen: 'likes' },
    { pattern: '/@:username/:postId', screen: 'post' },
    { pattern: '/@:username/:postId/:list(likes|reposts)', screen: 'people' },
  ]);

  it('matches only the listed words, so other segments fall through to the next pattern', () => {
    expect(match('/@ada/likes')).toEqual({ screen: 'likes', params: { username: 'ada', tab: 'likes' } });
    expect(match('/@ada/01JD')).toEqual({ screen: 'post', params: { username: 'ada', postId: '01JD' } });
    expect(match('/@ada/01JD/reposts')?.params).toEqual({ username: 'ada', postId: '01JD', list: 'reposts' });
    expect(match('/@ada/01JD/followers')).toBeUndefined();
  });
});

describe('link colours on a designed page', () => {
  it('keeps the design’s link colour where it reads as well as text', () => {
    const design = { ...DEFAULT_DESIGN, backgroundColor: '#ffffff', linkColor: '#0b5cad' };
    expect(readableLinkColor(design, '#ffffff')).toBe('#0b5cad');
  });

  it('falls back to the text colour when the link colour only meets the design rule’s 3:1', () => {
    const design = {
      ...DEFAULT_DESIGN,
      backgroundColor: '#ffffff',
      textColor: '#111111',
      linkColor: '#2f8ad6',
    };
    expect(contrastRatio('#2f8ad6', '#ffffff')).toBeLessThan(4.5);
    expect(readableLinkColor(design, '#ffffff')).toBe('#111111');
  });

  it.each(Object.entries(DESIGN_PRESETS))('gives links at least 4.5:1 in the %s preset', (_name, preset) => {
    const design = { ...DEFAULT_DESIGN, ...preset };
    for (const background of [design.backgroundColor, design.sidebarFillColor]) {
      expect(contrastRatio(readableLinkColor(design, background), background)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
