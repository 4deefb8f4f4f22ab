import { useEffect, useRef } from 'preact/hooks';
import { Loading } from './components/error-notice';
import { Layout } from './components/layout';
import { useLocation } from './router';
import { matchScreen } from './routes';
import { SignInRequired } from './screens/guard';
import { NotFound } from './screens/not-found';
import { session } from './session';
import { useStore } from './store';

export function App() {
  const state = useStore(session);
  const location = useLocation();
  const matched = matchScreen(location.path);
  const first = useRef(true);
  // After an in-app navigation, focus moves to the new content, as a page load would put it at the top.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.path]);

  let content = <NotFound />;
  if (state.status === 'restoring') content = <Loading label="Loading Skylark…" />;
  else if (matched?.screen.signedIn && state.status !== 'signed-in') content = <SignInRequired />;
  else if (matched) {
    const Screen = matched.screen.component;
    content = <Screen key={location.path} params={matched.params} />;
  }
  return <Layout state={state}>{content}</Layout>;
}
