import { describe, expect, it } from 'vitest';
import { checkPostText } from '#shared/domain/post-text';
import { remainingCharacters } from '../../../web/src/post-counter';

describe('the compose counter', () => {
  it.each([
    ['Georgian letters', 'ა'],
    ['emoji', '😀'],
    ['a family emoji (one grapheme of seven code points)', '👨‍👩‍👧'],
    ['Latin letters', 'a'],
  ])('counts %s as the server does, at 140 and 141', (_name, unit) => {
    expect(remainingCharacters(unit.repeat(140)).remaining).toBe(0);
    const over = remainingCharacters(unit.repeat(141));
    expect(over).toMatchObject({ remaining: -1, over: true });
  });

  it('agrees with the server on the length of every accepted text', () => {
    for (const text of [
      'hi @bob see https://example.com/a/very/long/path?q=1 #intro',
      'e\u0301'.repeat(50),
      'ﷺ 🇫🇷 ✌🏽',
    ]) {
      expect(140 - remainingCharacters(text).remaining).toBe(checkPostText(text).length);
    }
  });

  it('counts every URL as 23, whatever its length', () => {
    expect(remainingCharacters(`https://example.org/${'x'.repeat(300)}`).remaining).toBe(140 - 23);
  });

  it('calls a blank text empty', () => {
    expect(remainingCharacters('  \n ').empty).toBe(true);
    expect(remainingCharacters('hi').empty).toBe(false);
  });
});
