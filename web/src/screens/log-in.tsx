import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { Field } from '../components/field';
import { useTitle } from '../components/layout';
import { Link, navigate, useLocation } from '../router';
import { signIn } from '../session';
import { exactTime } from '../time';
import { useSubmit } from '../use-submit';

export function LogIn() {
  useTitle('Log in');
  const { query } = useLocation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [resent, setResent] = useState(false);
  const form = useSubmit(
    () => signIn(login, password),
    () => navigate(safeNext(query.get('next')), { replace: true }),
  );
  const unverified = form.error instanceof ApiError && form.error.code === 'email_not_verified';
  const deactivated = form.error instanceof ApiError && form.error.code === 'account_deactivated';
  const deletedUntil = query.get('deleted');
  return (
    <section class="panel" aria-labelledby="login-title">
      <h1 id="login-title">Log in to Skylark</h1>
      {deletedUntil && !form.error ? (
        <p class="notice" role="status">
          Your account is deactivated and will be erased after {safeTime(deletedUntil)}. Changed your mind?
          Log in below and choose to reactivate it.
        </p>
      ) : null}
      {deactivated ? (
        <Reactivate
          login={login}
          password={password}
          erasureDueAt={(form.error as ApiError).details}
          onDone={() => navigate(safeNext(query.get('next')), { replace: true })}
        />
      ) : (
        <ErrorNotice error={form.error} />
      )}
      {unverified && login.includes('@') ? (
        <p>
          {resent ? (
            'A new confirmation link is on its way.'
          ) : (
            <button
              type="button"
              class="link-button"
              onClick={() => void api.resendVerification(login).then(() => setResent(true))}
            >
              Send me a new confirmation link
            </button>
          )}
        </p>
      ) : null}
      <form onSubmit={form.submit}>
        <Field
          name="login"
          label="Username or email"
          value={login}
          autoComplete="username"
          error={form.fields.login}
          onInput={(event) => setLogin(event.currentTarget.value)}
          required
        />
        <Field
          name="password"
          label="Password"
          type="password"
          value={password}
          autoComplete="current-password"
          error={form.fields.password}
          onInput={(event) => setPassword(event.currentTarget.value)}
          required
        />
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link> · <Link href="/signup">Sign up</Link>
      </p>
    </section>
  );
}

/** The deletion date from the URL, or nothing when it is not a date (the URL is anyone's to edit). */
function safeTime(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? 'the grace period' : exactTime(iso);
}

/**
 * The answer to `account_deactivated`: the account is within its grace period, so the same login and password
 * cancel the deletion (POST /v1/auth/reactivate), then sign in as usual.
 */
function Reactivate({
  login,
  password,
  erasureDueAt,
  onDone,
}: {
  login: string;
  password: string;
  /** The refusal's details: `{deactivatedAt, erasureDueAt}`. */
  erasureDueAt: unknown;
  onDone: () => void;
}) {
  const form = useSubmit(async () => {
    await api.reactivate(login, password);
    await signIn(login, password);
  }, onDone);
  const due = (erasureDueAt as { erasureDueAt?: unknown } | undefined)?.erasureDueAt;
  return (
    <div class="notice" data-testid="reactivate" role="alert">
      <p>
        You deleted this account: it will be erased after{' '}
        {typeof due === 'string' ? safeTime(due) : 'its grace period'}. Until then you can bring it back as it
        was, and sign in.
      </p>
      <ErrorNotice error={form.error} />
      <button type="button" onClick={form.submit} disabled={form.busy}>
        {form.busy ? 'Reactivating…' : 'Reactivate my account'}
      </button>
    </div>
  );
}

/** Only paths of this site: `next` must not send people elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
