import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { ErrorSummary, Field } from '../components/field';
import { useTitle } from '../components/layout';
import { Link } from '../router';
import { useSubmit } from '../use-submit';

const LABELS = {
  firstName: 'First name',
  lastName: 'Last name',
  username: 'Username',
  email: 'Email address',
  password: 'Password',
};

export function SignUp() {
  useTitle('Sign up');
  const [values, setValues] = useState({
    firstName: '',
    lastName: '',
    username: '',
    email: '',
    password: '',
  });
  const [sentTo, setSentTo] = useState<string | undefined>(undefined);
  const form = useSubmit(
    () =>
      api.register(values).catch((error: unknown) => {
        // A taken username is a problem of that field.
        if (error instanceof ApiError && error.code === 'username_taken') {
          throw new ApiError(
            400,
            error.code,
            error.message,
            { fields: [{ field: 'body.username', code: error.code, message: error.message }] },
            undefined,
          );
        }
        throw error;
      }),
    () => setSentTo(values.email),
  );

  if (sentTo) {
    return (
      <section class="panel" aria-labelledby="signup-done">
        <h1 id="signup-done">Check your mail</h1>
        <p>
          We sent a confirmation link to <strong>{sentTo}</strong>. Open it to activate your account, then log
          in.
        </p>
      </section>
    );
  }
  const bind = (name: keyof typeof values) => ({
    name,
    label: LABELS[name],
    value: values[name],
    error: form.fields[name],
    onInput: (event: Event) =>
      setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value }),
  });
  return (
    <section class="panel" aria-labelledby="signup-title">
      <h1 id="signup-title">Join Skylark</h1>
      <ErrorSummary problems={form.fields} labels={LABELS} />
      <ErrorNotice error={form.error} />
      <form onSubmit={form.submit} noValidate>
        <Field {...bind('firstName')} autoComplete="given-name" required />
        <Field {...bind('lastName')} autoComplete="family-name" required />
        <Field {...bind('username')} autoComplete="username" hint="3–30 letters a–z, digits and _" required />
        <Field {...bind('email')} type="email" autoComplete="email" required />
        <Field
          {...bind('password')}
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters"
          required
        />
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Creating your account…' : 'Create my account'}
        </button>
      </form>
      <p>
        Already have an account? <Link href="/login">Log in</Link>
      </p>
    </section>
  );
}
