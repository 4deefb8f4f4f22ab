/**
 * A small history router: the location is a store, links push history entries, back/forward (popstate) update
 * it. Screens are declared once, in routes.ts; a pattern's `:name` segments become params.
 */
import { createElement, type JSX } from 'preact';
import { createStore, useStore } from './store';

export interface Location {
  path: string;
  query: URLSearchParams;
}

const read = (): Location => ({
  path: window.location.pathname,
  query: new URLSearchParams(window.location.search),
});

export const location = createStore<Location>(read());

window.addEventListener('popstate', () => location.set(read()));

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  location.set(read());
  window.scrollTo(0, 0);
}

export function useLocation(): Location {
  return useStore(location);
}

export interface Matched<S> {
  screen: S;
  params: Record<string, string>;
}

/** Compiles `/@:username/:postId` style patterns; the first route that matches wins. */
export function createMatcher<S>(routes: readonly { pattern: string; screen: S }[]) {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split('/')
      .map((segment) =>
        segment.replace(
          /:([a-zA-Z]+)|([^:]+)/g,
          (_all, name: string | undefined, literal: string | undefined) => {
            if (name) {
              names.push(name);
              return '([^/]+)';
            }
            return (literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          },
        ),
      )
      .join('/');
    return { route, names, regex: new RegExp(`^${source}/?$`) };
  });
  return (path: string): Matched<S> | undefined => {
    for (const { route, names, regex } of compiled) {
      const match = regex.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { screen: route.screen, params };
    }
    return undefined;
  };
}

/** An in-app link: a real `<a href>` (middle-click, copy link work) that navigates without a reload. */
export function Link(props: JSX.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const onClick = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    if (event.altKey || props.target) return;
    event.preventDefault();
    navigate(props.href);
  };
  return createElement('a', { ...props, onClick });
}
