import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { ExportStatusView } from '../api-types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { Field } from '../components/field';
import { navigate } from '../router';
import { signOut } from '../session';
import { exactTime } from '../time';
import { useSubmit } from '../use-submit';

/** How often a pending export is asked about: it is built in the background, usually within seconds. */
const EXPORT_POLL_MS = 2_000;

/** `/settings/data`: take a copy of your data, or delete the account. */
export function DataSettings() {
  const [graceDays, setGraceDays] = useState<number | undefined>(undefined);
  useEffect(() => {
    api.config().then(
      (config) => setGraceDays(config.accountData.deletion.graceDays),
      () => undefined,
    );
  }, []);
  return (
    <>
      <AccountExport />
      <DeleteAccount graceDays={graceDays} />
    </>
  );
}

function AccountExport() {
  const [status, setStatus] = useState<ExportStatusView | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    api.exportStatus().then(setStatus, setError);
  }, []);
  // While the archive is built, ask again now and then; stop when it is ready or the screen closes.
  useEffect(() => {
    if (status?.status !== 'pending') return;
    const timer = setTimeout(() => {
      api.exportStatus().then(setStatus, setError);
    }, EXPORT_POLL_MS);
    return () => clearTimeout(timer);
  }, [status]);
  const ask = async () => {
    setAsking(true);
    setError(undefined);
    try {
      setStatus(await api.requestExport());
    } catch (failure) {
      setError(failure);
    } finally {
      setAsking(false);
    }
  };
  return (
    <section aria-labelledby="data-export">
      <h2 id="data-export">Download your data</h2>
      <p class="hint">
        One JSON file with your account, posts, likes, reposts, who you follow and who follows you, who you
        block and your direct messages. It is prepared in the background; a few exports a day.
      </p>
      <ErrorNotice error={error} />
      <div aria-live="polite">
        {!status && !error ? <Loading /> : null}
        {status?.status === 'pending' ? (
          <p class="notice" data-testid="export-pending">
            Preparing your archive (asked {exactTime(status.requestedAt)})… This page shows the link when it
            is ready.
          </p>
        ) : null}
        {status?.status === 'ready' ? (
          <p class="notice notice-ok" data-testid="export-ready">
            Your archive is ready:{' '}
            <a href={status.url} download rel="noopener">
              Download your archive
            </a>
            . The link works until {exactTime(status.urlExpiresAt)}; come back to this page for a fresh one.
          </p>
        ) : null}
      </div>
      <button type="button" onClick={() => void ask()} disabled={asking || status?.status === 'pending'}>
        {status?.status === 'ready' ? 'Prepare a new export' : 'Request an export'}
      </button>
    </section>
  );
}

function DeleteAccount({ graceDays }: { graceDays: number | undefined }) {
  const [password, setPassword] = useState('');
  const form = useSubmit(
    () => api.deleteAccount(password),
    async (deletion) => {
      // Every session of the account is void now; this tab's too.
      await signOut().catch(() => undefined);
      navigate(`/login?deleted=${encodeURIComponent(deletion.erasureDueAt)}`, { replace: true });
    },
  );
  const wrongPassword = form.error instanceof ApiError && form.error.code === 'invalid_password';
  const days = graceDays === undefined ? 'a grace period' : `${graceDays} days`;
  return (
    <section aria-labelledby="data-delete">
      <h2 id="data-delete">Delete your account</h2>
      <p>
        Your account is deactivated at once: you are signed out everywhere, your page and posts disappear and
        your phone is unlinked. After {days} everything is erased for good, and your username and email become
        free. Until then you can change your mind: log in and choose to reactivate the account.
      </p>
      {!wrongPassword ? <ErrorNotice error={form.error} /> : null}
      <form onSubmit={form.submit} noValidate>
        <Field
          name="delete-password"
          label="Your password, to confirm"
          type="password"
          autoComplete="current-password"
          value={password}
          error={wrongPassword ? 'The password is wrong: your account is unchanged.' : form.fields.password}
          onInput={(event) => setPassword(event.currentTarget.value)}
          required
        />
        <button type="submit" class="button-danger" disabled={form.busy || password === ''}>
          {form.busy ? 'Deleting…' : 'Delete my account'}
        </button>
      </form>
    </section>
  );
}
