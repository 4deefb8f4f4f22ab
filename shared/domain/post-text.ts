/**
 * The text rules of a post (ARCHITECTURE.md, "Text rules"), as pure functions. `GET /v1/config` serves
 * POST_TEXT_RULES so that clients count exactly as the server does.
 *
 * Order of checks, each with its own error code:
 * 1. invalid_characters: ill-formed UTF-16 (lone surrogates), control characters other than "\n" (C0, DEL, C1,
 *    and U+2028/U+2029, which render as line breaks: send "\n"), the byte-order mark U+FEFF, the 66
 *    noncharacters, and bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069), which can reorder
 *    the text around them. The implicit marks LRM/RLM/ALM (U+200E, U+200F, U+061C) are allowed: they cannot
 *    reorder a span and right-to-left writers need them. Offsets are UTF-16 indices into the text as sent.
 * 2. NFC normalisation; everything after this (and the stored text) is the normalised text.
 * 3. post_empty: no visible character (only white space, default-ignorable characters such as ZWSP/ZWJ,
 *    or the braille blank).
 * 4. too_many_entities: more than 10 URLs, 50 mentions or 50 hashtags. Checked before the length (which alone
 *    would stop most such texts) so that the error names the real problem.
 * 5. post_too_long: more than 140 counted characters (grapheme clusters per Intl.Segmenter; each http(s) URL
 *    counts 23 whatever its length), or more than 1,400 UTF-8 bytes.
 */
import { ValidationError } from '#shared/errors';

export const POST_TEXT_RULES = {
  normalization: 'NFC',
  maxLength: 140,
  /** What one counted character is: an extended grapheme cluster (Intl.Segmenter, granularity 'grapheme'). */
  lengthUnit: 'grapheme',
  /** Every http(s) URL counts this many characters, however long it is. */
  urlLength: 23,
  /**
   * UTF-8 byte cap: 10 bytes per counted character on average. Every script's letters (≤ 4 bytes), flags and
   * skin-tone emoji (8 bytes) fit 140 times; it stops a "character" made of hundreds of combining marks.
   */
  maxBytes: 1_400,
  maxUrls: 10,
  maxMentions: 50,
  maxHashtags: 50,
  /** Entity offsets are UTF-16 code unit indices (JavaScript string indices) into the NFC text; end exclusive. */
  entityOffsetUnit: 'utf16',
  allowedControlCharacters: ['\n'],
} as const;

export type InvalidCharacterClass =
  | 'ill_formed'
  | 'control'
  | 'byte_order_mark'
  | 'noncharacter'
  | 'bidi_control';

export interface UrlEntity {
  start: number;
  end: number;
  url: string;
}

export interface MentionEntity {
  start: number;
  end: number;
  /** Lowercased, without the '@'. */
  username: string;
}

export interface HashtagEntity {
  start: number;
  end: number;
  /** As written, without the '#'. */
  tag: string;
}

export interface TextEntities {
  urls: UrlEntity[];
  mentions: MentionEntity[];
  hashtags: HashtagEntity[];
}

export interface CheckedText {
  /** The NFC-normalised text, to be stored verbatim. */
  text: string;
  /** Counted characters (graphemes, URLs as 23). */
  length: number;
  bytes: number;
  entities: TextEntities;
}

const URL_PATTERN = /(?<![\p{L}\p{N}_])https?:\/\/[^\s<>"`{}|\\^]+/giu;
const TRAILING_URL_PUNCTUATION = /[.,;:!?'"*\]]+$/u;
const MENTION_PATTERN = /(?<![\p{L}\p{N}_@])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_@])/gu;
const HASHTAG_PATTERN = /(?<![\p{L}\p{N}_#&])#([\p{L}\p{M}\p{N}_]{1,100})/gu;
const HAS_LETTER = /\p{L}/u;
const INVISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const utf8 = new TextEncoder();

/**
 * Checks and normalises a post's text and extracts its entities.
 * @throws ValidationError with code invalid_characters, post_empty, post_too_long or too_many_entities
 */
export function checkPostText(input: string): CheckedText {
  const invalid = findInvalidCharacter(input);
  if (invalid) {
    throw new ValidationError(
      'invalid_characters',
      `The text contains a character that is not allowed (${invalid.class.replaceAll('_', ' ')})`,
      invalid,
    );
  }
  const text = input.normalize('NFC');
  if (INVISIBLE.test(text)) {
    throw new ValidationError('post_empty', 'A post needs at least one visible character');
  }
  const entities = extractEntities(text);
  assertEntityLimit('urls', entities.urls.length, POST_TEXT_RULES.maxUrls);
  assertEntityLimit('mentions', entities.mentions.length, POST_TEXT_RULES.maxMentions);
  assertEntityLimit('hashtags', entities.hashtags.length, POST_TEXT_RULES.maxHashtags);
  const length = countLength(text, entities.urls);
  const bytes = utf8.encode(text).length;
  if (length > POST_TEXT_RULES.maxLength || bytes > POST_TEXT_RULES.maxBytes) {
    throw new ValidationError(
      'post_too_long',
      `A post has at most ${POST_TEXT_RULES.maxLength} characters (this one has ${length})`,
      { length, maxLength: POST_TEXT_RULES.maxLength, bytes, maxBytes: POST_TEXT_RULES.maxBytes },
    );
  }
  return { text, length, bytes, entities };
}

/** The first forbidden character, with its class, UTF-16 offset and code point; undefined if there is none. */
export function findInvalidCharacter(
  text: string,
): { class: InvalidCharacterClass; offset: number; codePoint: string } | undefined {
  for (let offset = 0; offset < text.length; ) {
    const unit = text.charCodeAt(offset);
    const codePoint = text.codePointAt(offset) ?? unit;
    const width = codePoint > 0xffff ? 2 : 1;
    const kind = isLoneSurrogate(unit, codePoint) ? 'ill_formed' : classify(codePoint);
    if (kind) return { class: kind, offset, codePoint: formatCodePoint(codePoint) };
    offset += width;
  }
  return undefined;
}

function isLoneSurrogate(unit: number, codePoint: number): boolean {
  // codePointAt returns the surrogate itself when it is not part of a valid pair.
  return unit >= 0xd800 && unit <= 0xdfff && codePoint <= 0xffff;
}

function classify(cp: number): InvalidCharacterClass | undefined {
  if (cp === 0x0a) return undefined;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029) return 'control';
  if (cp === 0xfeff) return 'byte_order_mark';
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return 'noncharacter';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi_control';
  return undefined;
}

function formatCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** URLs, mentions and hashtags of an NFC text, with UTF-16 offsets; mentions and hashtags inside URLs are not. */
export function extractEntities(text: string): TextEntities {
  const urls: UrlEntity[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    urls.push({ start: match.index, end: match.index + url.length, url });
  }
  const insideUrl = (index: number) => urls.some((url) => index >= url.start && index < url.end);

  const mentions: MentionEntity[] = [];
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const name = match[1];
    if (name === undefined || insideUrl(match.index)) continue;
    mentions.push({ start: match.index, end: match.index + match[0].length, username: name.toLowerCase() });
  }

  const hashtags: HashtagEntity[] = [];
  for (const match of text.matchAll(HASHTAG_PATTERN)) {
    const tag = match[1];
    if (tag === undefined || !HAS_LETTER.test(tag) || insideUrl(match.index)) continue;
    hashtags.push({ start: match.index, end: match.index + match[0].length, tag });
  }
  return { urls, mentions, hashtags };
}

function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_URL_PUNCTUATION, '');
  // A closing parenthesis belongs to the URL only when the URL opened one (Wikipedia-style links).
  while (url.endsWith(')') && count(url, '(') < count(url, ')')) {
    url = url.slice(0, -1).replace(TRAILING_URL_PUNCTUATION, '');
  }
  return url;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Graphemes outside URLs, plus 23 per URL. */
export function countLength(text: string, urls: readonly UrlEntity[]): number {
  let length = urls.length * POST_TEXT_RULES.urlLength;
  for (const { index } of segmenter.segment(text)) {
    if (!urls.some((url) => index >= url.start && index < url.end)) length++;
  }
  return length;
}

function assertEntityLimit(entity: keyof TextEntities, found: number, limit: number): void {
  if (found > limit) {
    throw new ValidationError('too_many_entities', `A post has at most ${limit} ${entity}`, {
      entity,
      count: found,
      limit,
    });
  }
}
