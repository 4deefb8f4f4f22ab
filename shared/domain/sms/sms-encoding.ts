/**
 * How much text fits in one SMS. A message whose every character is in the GSM 03.38 alphabet is sent in GSM-7:
 * 160 septets, where the characters of the extension table (`^{}\[~]|€` and form feed) take two. Anything else
 * forces UCS-2 for the whole message: 70 UTF-16 code units (an emoji outside the BMP takes two). A longer text
 * would be split into concatenated parts, each billed as one SMS, so every reply is cut to fit one.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export const SMS_LIMITS = { gsm7Septets: 160, ucs2Units: 70 } as const;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export function smsEncoding(text: string): SmsEncoding {
  for (const char of text) if (!basic.has(char) && !extension.has(char)) return 'UCS-2';
  return 'GSM-7';
}

/** The length of the text in its encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
export function smsLength(text: string): { encoding: SmsEncoding; units: number; limit: number } {
  const encoding = smsEncoding(text);
  if (encoding === 'UCS-2') return { encoding, units: text.length, limit: SMS_LIMITS.ucs2Units };
  let units = 0;
  for (const char of text) units += extension.has(char) ? 2 : 1;
  return { encoding, units, limit: SMS_LIMITS.gsm7Septets };
}

export function fitsOneSms(text: string): boolean {
  const { units, limit } = smsLength(text);
  return units <= limit;
}

/**
 * The text, cut to fit one SMS: whole graphemes only (never half an emoji or a letter without its accent), with
 * an ellipsis in the message's own encoding ("..." in GSM-7, which has no "…"; "…" in UCS-2).
 */
export function fitToOneSms(text: string): string {
  if (fitsOneSms(text)) return text;
  let fitted = '';
  let prefix = '';
  for (const { segment } of segmenter.segment(text)) {
    prefix += segment;
    const candidate = withEllipsis(prefix.trimEnd());
    // Once a prefix is too long every longer one is too: lengths only grow and GSM-7 only turns into UCS-2.
    if (!fitsOneSms(candidate)) break;
    fitted = candidate;
  }
  return fitted;
}

function withEllipsis(text: string): string {
  return smsEncoding(text) === 'GSM-7' ? `${text}...` : `${text}…`;
}
