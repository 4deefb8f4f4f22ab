import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { Field } from '../components/field';
import { useTitle } from '../components/layout';
import { Link, useLocation } from '../router';
import { useSubmit } from '../use-submit';

/** The reset mail's link lands here: `/reset-password?token=…`, completed through POST /v1/auth/password/reset. */
export function ResetPassword() {
  useTitle('Choose a new password');
  const token = useLocation().query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useSubmit(
    () => api.resetPassword(token, password),
    () => setDone(true),
  );
  return (
    <section class="panel" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {done ? (
        <p class="notice notice-ok" role="status">
          Your password is changed, and every other session is signed out. <Link href="/login">Log in</Link>.
        </p>
      ) : (
        <>
          <ErrorNotice error={form.error} />
          {form.fields.token ? (
            <p class="notice notice-error">
              This link is not valid. <Link href="/forgot-password">Ask for a new one</Link>.
            </p>
          ) : null}
          <form onSubmit={form.submit}>
            <Field
              name="password"
              label="New password"
              type="password"
              autoComplete="new-password"
              hint="At least 8 characters"
              value={password}
              error={form.fields.password}
              onInput={(event) => setPassword(event.currentTarget.value)}
              required
            />
            <button type="submit" disabled={form.busy}>
              {form.busy ? 'Saving…' : 'Set my new password'}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
