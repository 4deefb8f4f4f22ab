/**
 * A small history router: the location is a store, links push history entries, back/forward (popstate) update
 * it. Screens are declared once, in routes.tsx; patterns are matched by route-pattern.ts.
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
