/** Request schemas of the direct-message routes. */
import * as z from './zod';

export const SendMessageBody = z.strictObject({
  // The text rules (graphemes, bytes, characters) are the domain's, as for posts; this only stops absurd input.
  text: z.string().check(z.maxLength(4_000)),
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export { PageQuery, UsernamePath } from './common';
