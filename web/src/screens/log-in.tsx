import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { Field } from '../components/field';
import { useTitle } from '../components/layout';
import { Link, navigate, useLocation } from '../router';
import { signIn } from '../session';
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
  return (
    <section class="panel" aria-labelledby="login-title">
      <h1 id="login-title">Log in to Skylark</h1>
      <ErrorNotice error={form.error} />
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

/** Only paths of this site: `next` must not send people elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
