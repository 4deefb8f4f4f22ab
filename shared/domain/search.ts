/**
 * User search rules: what a query matches and in what order. Matching is by prefix, case- and accent-
 * insensitive ("jose" finds "José", "GAR" finds "García"). Order: the exact username, then usernames starting
 * with the query, then people whose first or last name (any word of it) starts with it; each user once.
 */
export const SEARCH_QUERY_LIMITS = { min: 1, max: 50 } as const;

/** Letters that do not decompose into a base letter plus a mark. */
const SPECIAL_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lowercase, compatibility-decomposed, without combining marks: the form both queries and terms take. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => SPECIAL_FOLDS[letter] ?? letter)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The terms of a person's names a query may start: each word (folded, split on anything but letters and
 * digits) and the whole folded name, so "jose gar" finds José García too. Sorted, as the index orders them.
 */
export function nameWords(firstName: string, lastName: string): string[] {
  const fullName = foldForSearch(`${firstName} ${lastName}`);
  const words = fullName.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  const terms = [...words, fullName].map((term) => term.slice(0, SEARCH_QUERY_LIMITS.max));
  return [...new Set(terms)].sort();
}

/** The index partition a term or query falls in: its first character. */
export function searchShard(term: string): string {
  return [...term][0] ?? '';
}

/**
 * A user appears in the name results once: under the first (in index order) of their words that the query
 * starts, and not at all when their username already matched.
 */
export function isFirstNameMatch(
  query: string,
  word: string,
  words: readonly string[],
  username: string,
): boolean {
  if (username.startsWith(query)) return false;
  return words.find((candidate) => candidate.startsWith(query)) === word;
}
