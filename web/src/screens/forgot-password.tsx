import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { Field } from '../components/field';
import { useTitle } from '../components/layout';
import { useSubmit } from '../use-submit';

export function ForgotPassword() {
  useTitle('Forgot password');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useSubmit(
    () => api.forgotPassword(email),
    () => setSent(true),
  );
  return (
    <section class="panel" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      {sent ? (
        <p class="notice notice-ok" role="status">
          If <strong>{email}</strong> has an account, we mailed it a link to choose a new password.
        </p>
      ) : (
        <>
          <ErrorNotice error={form.error} />
          <form onSubmit={form.submit}>
            <Field
              name="email"
              label="Email address"
              type="email"
              autoComplete="email"
              value={email}
              error={form.fields.email}
              onInput={(event) => setEmail(event.currentTarget.value)}
              required
            />
            <button type="submit" disabled={form.busy}>
              {form.busy ? 'Sending…' : 'Mail me a link'}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
