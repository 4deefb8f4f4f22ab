/**
 * The compose box's counter, computed by the very module the server checks posts with
 * (shared/domain/post-text.ts): NFC, grapheme clusters, URLs as 23. Client and server cannot disagree.
 */
import { countLength, extractEntities, POST_TEXT_RULES } from '#shared/domain/post-text';

export interface Remaining {
  /** 140 − the weighted length; negative when over. */
  remaining: number;
  over: boolean;
  empty: boolean;
}

export function remainingCharacters(text: string): Remaining {
  const normalized = text.normalize('NFC');
  const length = countLength(normalized, extractEntities(normalized).urls);
  const remaining = POST_TEXT_RULES.maxLength - length;
  return { remaining, over: remaining < 0, empty: normalized.trim() === '' };
}
