import type { Me } from '../api-types';
import { useTitle } from '../components/layout';
import { Link, useLocation } from '../router';
import { type SessionState, session } from '../session';
import { useStore } from '../store';

/** The signed-in profile, or undefined (re-renders when the session changes). */
export function useSignedIn(): Me | undefined {
  const state: SessionState = useStore(session);
  return state.status === 'signed-in' ? state.me : undefined;
}

/** What a screen for signed-in people shows to anyone else. */
export function SignInRequired() {
  useTitle('Log in');
  const { path } = useLocation();
  return (
    <section class="panel" aria-labelledby="signin-required">
      <h1 id="signin-required">Log in to continue</h1>
      <p>
        <Link href={`/login?next=${encodeURIComponent(path)}`}>Log in</Link> or{' '}
        <Link href="/signup">sign up</Link> to see this page.
      </p>
    </section>
  );
}
