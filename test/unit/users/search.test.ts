import { describe, expect, it } from 'vitest';
import { foldForSearch, isFirstNameMatch, nameWords } from '#shared/domain/search';

describe('search folding', () => {
  it.each([
    ['José', 'jose'],
    ['GARCÍA', 'garcia'],
    ['Łukasz', 'lukasz'],
    ['Straße', 'strasse'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['  Zoë   Saldaña ', 'zoe saldana'],
  ])('folds %s to %s', (input, folded) => expect(foldForSearch(input)).toBe(folded));

  it('indexes each word of the names and the whole name, sorted', () => {
    expect(nameWords('José María', 'García-Márquez')).toEqual([
      'garcia',
      'jose',
      'jose maria garcia-marquez',
      'maria',
      'marquez',
    ]);
  });

  it('shows a user once: under the first matching term, and not when the username matched', () => {
    const words = nameWords('Ann', 'Annison');
    expect(isFirstNameMatch('ann', 'ann', words, 'zed')).toBe(true);
    expect(isFirstNameMatch('ann', 'annison', words, 'zed')).toBe(false);
    expect(isFirstNameMatch('anni', 'annison', words, 'zed')).toBe(true);
    expect(isFirstNameMatch('ann', 'ann', words, 'annie')).toBe(false);
  });
});
