import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { Link, useLocation } from '../router';

/** The confirmation mail's link lands here: `/confirm?token=…` completes it through POST /v1/auth/verify. */
export function Confirm() {
  useTitle('Confirm your address');
  const token = useLocation().query.get('token') ?? '';
  const [state, setState] = useState<'working' | 'done' | unknown>('working');
  useEffect(() => {
    api.verifyEmail(token).then(
      () => setState('done'),
      (error: unknown) => setState(error),
    );
  }, [token]);
  return (
    <section class="panel" aria-labelledby="confirm-title">
      <h1 id="confirm-title">Confirm your address</h1>
      {state === 'working' ? <Loading label="Confirming…" /> : null}
      {state === 'done' ? (
        <p class="notice notice-ok" role="status">
          Your address is confirmed. <Link href="/login">Log in</Link> to start.
        </p>
      ) : null}
      {state !== 'working' && state !== 'done' ? (
        <>
          <ErrorNotice error={state} />
          <p>
            Links work once and for 24 hours. <Link href="/login">Log in</Link> to ask for a new one.
          </p>
        </>
      ) : null}
    </section>
  );
}
