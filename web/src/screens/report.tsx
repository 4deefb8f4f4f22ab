import { useState } from 'preact/hooks';
import { MODERATION_RULES, REPORT_REASONS } from '#shared/domain/moderation/ports';
import { api } from '../api';
import type { ReportReason } from '../api-types';
import { ErrorNotice } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { Link } from '../router';
import { useSubmit } from '../use-submit';

/** What each of the API's reasons means, in the reporter's words. */
const REASON_LABELS: Record<ReportReason, string> = {
  spam: 'Spam',
  harassment: 'Harassment or bullying',
  hate: 'Hate against a group',
  violence: 'Violence or threats',
  sexual_content: 'Sexual content',
  self_harm: 'Self-harm or suicide',
  impersonation: 'Pretending to be someone else',
  illegal: 'Something illegal',
  other: 'Something else',
};

/**
 * `/@username/report` and `/@username/{postId}/report`: the reason (the API's own list), an optional note, then
 * POST /v1/reports and a confirmation. The operators of the site see the report; the account is not told.
 */
export function ReportScreen({ params }: { params: Record<string, string> }) {
  const username = (params.username ?? '').toLowerCase();
  const postId = params.postId;
  const what = postId ? `a post by @${username}` : `@${username}`;
  useTitle(`Report ${what}`);
  const [reason, setReason] = useState<ReportReason | ''>('');
  const [note, setNote] = useState('');
  const [sent, setSent] = useState(false);
  const [missing, setMissing] = useState(false);
  const form = useSubmit(
    () =>
      api.report({
        username,
        ...(postId ? { postId } : {}),
        reason: reason || 'other',
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    () => setSent(true),
  );
  // A reason is required: asked for here, before anything is sent.
  const submit = (event: Event) => {
    if (reason) return form.submit(event);
    event.preventDefault();
    setMissing(true);
  };
  const back = postId ? `/@${username}/${postId}` : `/@${username}`;
  if (sent) {
    return (
      <section class="panel" aria-labelledby="report-sent">
        <h1 id="report-sent">Thank you: your report is sent</h1>
        <p>
          The operators of this site will look at {what}. @{username} is not told who reported them.
        </p>
        <p>
          <Link href={back}>Back to {postId ? 'the post' : `@${username}`}</Link>
        </p>
      </section>
    );
  }
  const reasonError = missing && !reason ? 'Choose why you are reporting' : form.fields.reason;
  return (
    <section class="panel" aria-labelledby="report-title">
      <h1 id="report-title">Report {what}</h1>
      {form.error ? <ErrorNotice error={form.error} /> : null}
      <form onSubmit={submit} noValidate>
        <fieldset
          class={reasonError ? 'field field-invalid' : 'field'}
          aria-describedby={reasonError ? 'reason-error' : undefined}
        >
          <legend>Why are you reporting {what}?</legend>
          {reasonError ? (
            <p class="field-error" id="reason-error">
              {reasonError}
            </p>
          ) : null}
          {REPORT_REASONS.map((value) => (
            <label key={value} class="choice">
              <input
                type="radio"
                name="reason"
                value={value}
                checked={reason === value}
                onChange={() => setReason(value)}
              />{' '}
              {REASON_LABELS[value]}
            </label>
          ))}
        </fieldset>
        <div class={form.fields.note ? 'field field-invalid' : 'field'}>
          <label for="field-note">Anything the operators should know (optional)</label>
          {form.fields.note ? (
            <p class="field-error" id="field-note-error">
              {form.fields.note}
            </p>
          ) : null}
          <textarea
            id="field-note"
            name="note"
            rows={4}
            maxLength={MODERATION_RULES.maxNoteLength}
            value={note}
            aria-describedby={form.fields.note ? 'field-note-error' : undefined}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </div>
        <p class="button-row">
          <button type="submit" disabled={form.busy}>
            {form.busy ? 'Sending…' : 'Send report'}
          </button>{' '}
          <Link href={back}>Cancel</Link>
        </p>
      </form>
    </section>
  );
}
