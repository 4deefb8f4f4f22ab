import { describe, expect, it } from 'vitest';
import { checkPostText, extractEntities, POST_TEXT_RULES } from '#shared/domain/post-text';
import type { ValidationError } from '#shared/errors';

function rejection(text: string): ValidationError {
  try {
    checkPostText(text);
  } catch (error) {
    return error as ValidationError;
  }
  throw new Error('expected the text to be rejected');
}

const GEORGIAN = 'ა';
const EMOJI = '😀';
const FLAG = '🇬🇪';
const SKIN_TONE = '👍🏽';

describe('post text: counting', () => {
  it.each([
    ['ASCII letters', 'a'],
    ['Georgian letters', GEORGIAN],
    ['emoji', EMOJI],
    ['flag emoji', FLAG],
    ['skin-tone emoji', SKIN_TONE],
  ])('accepts 140 %s', (_, char) => {
    const checked = checkPostText(char.repeat(140));
    expect(checked.length).toBe(140);
  });

  it.each([
    ['ASCII letters', 'a'],
    ['Georgian letters', GEORGIAN],
    ['emoji', EMOJI],
    ['flag emoji', FLAG],
  ])('rejects 141 %s as post_too_long with the counted length', (_, char) => {
    const error = rejection(char.repeat(141));
    expect(error.code).toBe('post_too_long');
    expect(error.details).toMatchObject({ length: 141, maxLength: 140 });
  });

  it('accepts 116 characters, a space and one 100-character URL (116 + 1 + 23 = 140)', () => {
    const url = `https://example.com/${'x'.repeat(80)}`;
    expect(url).toHaveLength(100);
    const checked = checkPostText(`${'a'.repeat(116)} ${url}`);
    expect(checked.length).toBe(140);
    expect(checked.entities.urls).toEqual([{ start: 117, end: 217, url }]);
  });

  it('rejects 117 characters, a space and a URL (141)', () => {
    expect(rejection(`${'a'.repeat(117)} https://example.com/`).details).toMatchObject({ length: 141 });
  });

  it('counts a short URL as 23 too', () => {
    expect(checkPostText('see http://a.co').length).toBe(4 + 23);
  });

  it('counts a combining sequence as one character and NFC-normalises it', () => {
    const decomposed = 'e\u0301'.repeat(140);
    const checked = checkPostText(decomposed);
    expect(checked.length).toBe(140);
    expect(checked.text).toBe('\u00e9'.repeat(140));
  });

  it('counts a newline as one character and keeps it', () => {
    expect(checkPostText('line one\nline two')).toMatchObject({ length: 17, text: 'line one\nline two' });
  });

  it('rejects 140 graphemes that exceed the UTF-8 byte cap', () => {
    const family = '👨‍👩‍👧‍👦';
    const error = rejection(family.repeat(140));
    expect(error.code).toBe('post_too_long');
    expect(error.details).toMatchObject({ length: 140, maxBytes: POST_TEXT_RULES.maxBytes });
  });

  it('rejects a single character made of hundreds of combining marks (the byte cap)', () => {
    expect(rejection(`a${'\u0301'.repeat(800)}`).code).toBe('post_too_long');
  });
});

describe('post text: characters', () => {
  it.each([
    ['a lone high surrogate', 'ab\uD83Dcd', 'ill_formed', 2],
    ['a lone low surrogate', 'a\uDE00', 'ill_formed', 1],
    ['NUL', 'a\u0000b', 'control', 1],
    ['a tab', 'a\tb', 'control', 1],
    ['a carriage return', 'a\r\nb', 'control', 1],
    ['DEL', 'a\u007f', 'control', 1],
    ['a C1 control', 'a\u0085', 'control', 1],
    ['a line separator', 'a\u2028b', 'control', 1],
    ['a byte-order mark', '\uFEFFhello', 'byte_order_mark', 0],
    ['the noncharacter U+FFFF', 'a\uFFFF', 'noncharacter', 1],
    ['the noncharacter U+FDD0', 'a\uFDD0', 'noncharacter', 1],
    ['a plane-1 noncharacter', 'a\u{1FFFE}', 'noncharacter', 1],
    ['a right-to-left override', 'abc\u202Edef', 'bidi_control', 3],
    ['a left-to-right embedding', '\u202Aabc', 'bidi_control', 0],
    ['a first-strong isolate', 'ab\u2068c', 'bidi_control', 2],
    ['a pop directional isolate', 'ab\u2069', 'bidi_control', 2],
  ])('rejects %s as invalid_characters with its class and offset', (_, text, kind, offset) => {
    const error = rejection(text);
    expect(error.code).toBe('invalid_characters');
    expect(error.details).toMatchObject({ class: kind, offset });
  });

  it('allows the implicit direction marks LRM and RLM', () => {
    expect(checkPostText('שלום\u200E 123 \u200F').length).toBe(11);
  });

  it('allows emoji with zero-width joiners and subdivision flags (tag characters)', () => {
    expect(checkPostText('👩🏽‍💻 🏴󠁧󠁢󠁳󠁣󠁴󠁿').length).toBe(3);
  });
});

describe('post text: emptiness', () => {
  it.each([
    ['an empty string', ''],
    ['spaces', '   '],
    ['newlines', '\n\n'],
    ['zero-width spaces and joiners', '\u200B\u200D'],
    ['a Hangul filler', '\u3164'],
    ['ideographic spaces', '\u3000\u3000'],
  ])('rejects %s as post_empty', (_, text) => {
    expect(rejection(text).code).toBe('post_empty');
  });

  it('accepts a single visible character surrounded by space', () => {
    expect(checkPostText('  .  ').text).toBe('  .  ');
  });
});

describe('post text: entities', () => {
  it('finds mentions, hashtags and URLs with UTF-16 offsets', () => {
    const text = 'hi @Ada_L! #ბაკი 🇬🇪 #tag https://x.org/a?b=1. @no';
    const { urls, mentions, hashtags } = extractEntities(text);
    expect(mentions).toEqual([{ start: 3, end: 9, username: 'ada_l' }]);
    expect(text.slice(3, 9)).toBe('@Ada_L');
    expect(hashtags.map((tag) => text.slice(tag.start, tag.end))).toEqual(['#ბაკი', '#tag']);
    const start = text.indexOf('https');
    expect(urls).toEqual([{ start, end: start + 19, url: 'https://x.org/a?b=1' }]);
  });

  it('ignores email addresses, numeric hashtags and mentions inside URLs', () => {
    const { mentions, hashtags } = extractEntities('mail a@bob.com #123 https://x.org/@carol#frag');
    expect(mentions).toEqual([]);
    expect(hashtags).toEqual([]);
  });

  it('keeps balanced parentheses in a URL and drops an unbalanced closing one', () => {
    const { urls } = extractEntities('(see https://en.wikipedia.org/wiki/Foo_(bar))');
    expect(urls[0]?.url).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
  });

  it.each([
    ['URLs', Array.from({ length: 11 }, () => 'http://a.b').join(' '), 'urls', 11],
    ['mentions', Array.from({ length: 51 }, () => '@abc').join(' '), 'mentions', 51],
    ['hashtags', Array.from({ length: 51 }, () => '#a').join(' '), 'hashtags', 51],
  ])('rejects too many %s as too_many_entities', (_, text, entity, count) => {
    const error = rejection(text);
    expect(error.code).toBe('too_many_entities');
    expect(error.details).toMatchObject({ entity, count });
  });

  it('accepts as many URLs as fit in 140 characters (5 × 23 + 4 spaces)', () => {
    const checked = checkPostText(Array.from({ length: 5 }, () => 'http://a.b').join(' '));
    expect(checked).toMatchObject({ length: 5 * 23 + 4 });
    expect(checked.entities.urls).toHaveLength(5);
  });

  it('does not count a run of @names without separators as mentions', () => {
    expect(checkPostText('@abc'.repeat(35)).entities.mentions).toHaveLength(0);
  });
});
