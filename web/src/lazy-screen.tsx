/**
 * A screen whose code loads on first visit (its own chunk: esbuild splits at `import()`), so what few people open
 * (settings, the operator's screens) costs the first load nothing. One load per module, shared by its screens.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice, Loading } from './components/error-notice';

type ScreenProps = { params: Record<string, string> };

export function lazyScreen<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType<ScreenProps>,
): ComponentType<ScreenProps> {
  let loading: Promise<ComponentType<ScreenProps>> | undefined;
  let loaded: ComponentType<ScreenProps> | undefined;
  const start = () => {
    loading ??= load().then((module) => {
      loaded = pick(module);
      return loaded;
    });
    // A failed load (offline, a deploy replaced the chunk) may be tried again on the next visit.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  return function LazyScreen(props: ScreenProps) {
    const [screen, setScreen] = useState<{ component?: ComponentType<ScreenProps> }>({ component: loaded });
    const [error, setError] = useState<unknown>(undefined);
    useEffect(() => {
      if (screen.component) return;
      start().then((component) => setScreen({ component }), setError);
    }, [screen.component]);
    if (error) return <ErrorNotice error={error} />;
    const Screen = screen.component;
    return Screen ? <Screen {...props} /> : <Loading />;
  };
}
