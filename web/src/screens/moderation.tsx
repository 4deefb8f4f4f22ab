/**
 * The operator's screens (`/moderation…`): the reports queue, suspending and unsuspending accounts, and the audit
 * log. The navigation shows them only to operators (GET /v1/me's `operator`); anyone else opening the URL gets
 * the 403 state, and the API refuses them anyway (`403 operator_only`).
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { AuditEntry, Report, ResolutionAction } from '../api-types';
import { ErrorNotice } from '../components/error-notice';
import { Field } from '../components/field';
import { useTitle } from '../components/layout';
import { ListFooter } from '../components/paged-list';
import { RelativeTime } from '../components/relative-time';
import { Link, useLocation } from '../router';
import { usePagedList } from '../use-paged-list';
import { useSignedIn } from './guard';

const SECTIONS: readonly { path: string; label: string; screen: () => ComponentChildren }[] = [
  { path: '/moderation', label: 'Reports', screen: () => <ReportsQueue /> },
  { path: '/moderation/users', label: 'Suspend or restore', screen: () => <SuspendUsers /> },
  { path: '/moderation/audit-log', label: 'Audit log', screen: () => <AuditLog /> },
];

export function Moderation() {
  const me = useSignedIn();
  const { path } = useLocation();
  const current = SECTIONS.find((section) => section.path === path) ?? SECTIONS[0];
  useTitle(me?.operator ? `Moderation: ${current?.label ?? ''}` : 'Not allowed');
  if (!me?.operator) return <OperatorsOnly />;
  return (
    <div class="moderation">
      <h1>Moderation</h1>
      <nav aria-label="Moderation">
        <ul class="tabs">
          {SECTIONS.map((section) => (
            <li key={section.path}>
              <Link href={section.path} aria-current={section === current ? 'page' : undefined}>
                {section.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {current?.screen()}
    </div>
  );
}

/** The 403 state: for signed-in people who are not operators (and for an API 403 on these screens). */
function OperatorsOnly() {
  return (
    <section class="panel" aria-labelledby="operators-only">
      <h1 id="operators-only">Only operators can see this page</h1>
      <p>This page is for the people who run this Skylark site (403: not allowed).</p>
      <p>
        <Link href="/">Go home</Link>
      </p>
    </section>
  );
}

const isOperatorOnly = (error: unknown) => error instanceof ApiError && error.code === 'operator_only';

const ACTION_LABELS: Record<ResolutionAction, string> = {
  dismiss: 'Dismissed',
  suspend_user: 'Account suspended',
  delete_post: 'Post deleted',
};

function ReportsQueue() {
  const status = useLocation().query.get('status') === 'resolved' ? 'resolved' : 'open';
  const load = useCallback((cursor?: string) => api.admin.reports(status, cursor), [status]);
  const list = usePagedList(load);
  if (isOperatorOnly(list.error)) return <OperatorsOnly />;
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{status === 'open' ? 'Reports to review' : 'Resolved reports'}</h2>
      <p>
        {status === 'open' ? (
          <>
            Oldest first. <Link href="/moderation?status=resolved">Resolved reports</Link>
          </>
        ) : (
          <>
            Newest first. <Link href="/moderation">Reports to review</Link>
          </>
        )}
      </p>
      <ol class="reports" aria-labelledby="reports-title">
        {list.items.map((report) => (
          <ReportItem
            key={report.id}
            report={report}
            onResolved={(resolved) =>
              list.setItems((items) => items.map((item) => (item.id === resolved.id ? resolved : item)))
            }
          />
        ))}
      </ol>
      <ListFooter
        list={list}
        empty={status === 'open' ? 'No reports to review.' : 'No resolved reports yet.'}
        moreLabel="More reports"
      />
    </section>
  );
}

function ReportItem({ report, onResolved }: { report: Report; onResolved: (report: Report) => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const target = report.target.user;
  const resolve = async (action: ResolutionAction) => {
    setBusy(true);
    setError(undefined);
    try {
      onResolved(await api.admin.resolveReport(report.id, action, note.trim() || undefined));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const headingId = `report-${report.id}`;
  return (
    <li class="report">
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>
          {report.target.post ? 'A post by ' : ''}
          <Link href={`/@${target.username}`}>@{target.username}</Link>: {report.reason.replace('_', ' ')}
        </h3>
        <p class="report-meta">
          Reported by <Link href={`/@${report.reporter.username}`}>@{report.reporter.username}</Link> ·{' '}
          <RelativeTime iso={report.createdAt} />
        </p>
        {report.target.post ? (
          <blockquote class="report-post">
            <p>{report.target.post.text}</p>
            <footer>
              <Link href={`/@${target.username}/${report.target.post.id}`}>The post as it is now</Link>
            </footer>
          </blockquote>
        ) : null}
        {report.note ? <p class="report-note">“{report.note}”</p> : null}
        {report.resolution ? (
          <p class="notice notice-ok" role="status">
            {ACTION_LABELS[report.resolution.action]} by @{report.resolution.by.username} ·{' '}
            <RelativeTime iso={report.resolution.at} />
            {report.resolution.note ? ` · ${report.resolution.note}` : ''}
          </p>
        ) : (
          <>
            <div class="field">
              <label for={`${headingId}-note`}>Note for the audit log (optional)</label>
              <input
                id={`${headingId}-note`}
                value={note}
                onInput={(event) => setNote(event.currentTarget.value)}
              />
            </div>
            <p class="button-row">
              <button
                type="button"
                class="button-secondary"
                disabled={busy}
                onClick={() => void resolve('dismiss')}
              >
                Dismiss
              </button>{' '}
              <button
                type="button"
                class="button-danger"
                disabled={busy}
                onClick={() => void resolve('suspend_user')}
              >
                Suspend @{target.username}
              </button>{' '}
              {report.target.post ? (
                <button
                  type="button"
                  class="button-danger"
                  disabled={busy}
                  onClick={() => void resolve('delete_post')}
                >
                  Delete the post
                </button>
              ) : null}
            </p>
          </>
        )}
        <ErrorNotice error={error} />
      </article>
    </li>
  );
}

function SuspendUsers() {
  const [username, setUsername] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const act = async (event: Event) => {
    event.preventDefault();
    // Two submit buttons: the one pressed says which way.
    const suspend = (event as SubmitEvent).submitter?.getAttribute('value') !== 'unsuspend';
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const name = username.trim().replace(/^@/, '');
      const answer = await api.admin.setSuspended(name, suspend, note.trim() || undefined);
      setDone(`@${answer.username} is now ${answer.accountState === 'suspended' ? 'suspended' : 'active'}.`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  if (isOperatorOnly(error)) return <OperatorsOnly />;
  return (
    <section aria-labelledby="suspend-title">
      <h2 id="suspend-title">Suspend or restore an account</h2>
      <p class="hint">
        A suspended account cannot sign in, post or send SMS, and its page and posts are hidden. Restoring
        brings everything back. Both go into the audit log.
      </p>
      {done ? (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <form onSubmit={act} noValidate>
        <Field
          name="moderated-username"
          label="Username"
          value={username}
          autoComplete="off"
          onInput={(event) => setUsername(event.currentTarget.value)}
          required
        />
        <Field
          name="moderation-note"
          label="Note for the audit log (optional)"
          value={note}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
        <p class="button-row">
          <button
            type="submit"
            name="action"
            value="suspend"
            class="button-danger"
            disabled={busy || !username.trim()}
          >
            Suspend
          </button>{' '}
          <button
            type="submit"
            name="action"
            value="unsuspend"
            class="button-secondary"
            disabled={busy || !username.trim()}
          >
            Restore (unsuspend)
          </button>
        </p>
      </form>
    </section>
  );
}

const AUDIT_LABELS: Record<AuditEntry['action'], string> = {
  'report.resolve': 'resolved a report',
  'user.suspend': 'suspended',
  'user.unsuspend': 'restored',
  'post.delete': 'deleted a post',
  'operator.grant': 'made an operator',
  'operator.revoke': 'took the operator role from',
};

const loadAudit = (cursor?: string) => api.admin.auditLog(cursor);

function AuditLog() {
  const list = usePagedList(loadAudit);
  if (isOperatorOnly(list.error)) return <OperatorsOnly />;
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <p class="hint">
        Every moderation action, newest first (also <code>npm run admin -- audit</code>).
      </p>
      <ol class="audit-log" aria-labelledby="audit-title">
        {list.items.map((entry) => (
          <li key={entry.id} class="audit-entry">
            <RelativeTime iso={entry.at} /> ·{' '}
            <strong>
              {entry.actor.via === 'api'
                ? `@${entry.actor.user.username}`
                : `${entry.actor.name} (command line)`}
            </strong>{' '}
            {AUDIT_LABELS[entry.action]}
            {entry.target.user ? ` @${entry.target.user.username}` : ''}
            {entry.target.postId ? ` (post ${entry.target.postId})` : ''}
            {entry.note ? ` · “${entry.note}”` : ''}
          </li>
        ))}
      </ol>
      <ListFooter list={list} empty="Nothing logged yet." moreLabel="Older entries" />
    </section>
  );
}
