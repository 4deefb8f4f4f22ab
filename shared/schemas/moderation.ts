/** Request schemas of reports and the operator's routes (docs/api.md, "Reports and moderation"). */
import {
  MODERATION_RULES,
  REPORT_REASONS,
  REPORT_STATUSES,
  RESOLUTION_ACTIONS,
} from '#shared/domain/moderation/ports';
import { PageQuery } from './common';
import { PostId } from './posts';
import * as z from './zod';

export { PageQuery, UsernamePath } from './common';
export { PostPath } from './posts';

const Note = z.optional(z.string().check(z.minLength(1), z.maxLength(MODERATION_RULES.maxNoteLength)));

/** At least one of username and postId: the domain says which is missing (400 report_target_required). */
export const FileReportBody = z.strictObject({
  username: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_]{1,30}$/, 'Expected a username'))),
  postId: z.optional(PostId),
  reason: z.enum(REPORT_REASONS),
  note: Note,
});
export type FileReportBody = z.infer<typeof FileReportBody>;

export const ReportsQuery = z.extend(PageQuery, { status: z._default(z.enum(REPORT_STATUSES), 'open') });

export const ReportPath = z.strictObject({
  id: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected a report id')),
});

export const ResolveReportBody = z.strictObject({ action: z.enum(RESOLUTION_ACTIONS), note: Note });

/** The optional reason an operator gives for a suspension, an unsuspension or a deletion (kept in the audit log). */
export const ModerationNoteBody = z.optional(z.strictObject({ note: Note }));
