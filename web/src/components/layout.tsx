import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Me } from '../api-types';
import { Link, navigate, useLocation } from '../router';
import { type SessionState, signOut } from '../session';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to signed-in people. */
  signedIn: boolean;
  /** A count shown beside the label ("3 unread"), from the signed-in profile. */
  badge?: (me: Me) => number;
}

/** The site's navigation: one list, so a new feature (notifications, messages…) adds one entry here. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Home', signedIn: true },
  { href: '/mentions', label: 'Mentions', signedIn: true },
  {
    href: '/notifications',
    label: 'Notifications',
    signedIn: true,
    badge: (me) => me.unreadNotifications,
  },
  { href: '/messages', label: 'Messages', signedIn: true },
  { href: '/search', label: 'Search', signedIn: false },
  { href: '/settings', label: 'Settings', signedIn: true },
];

export function Layout({ state, children }: { state: SessionState; children: ComponentChildren }) {
  const { path } = useLocation();
  const signedIn = state.status === 'signed-in';
  const items = NAV_ITEMS.filter((item) => signedIn || !item.signedIn);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <Link href="/" class="brand">
          Skylark
        </Link>
        <nav aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={isCurrent(path, item.href) ? 'page' : undefined}>
                  {item.label}
                  {signedIn && item.badge ? <Badge count={item.badge(state.me)} /> : null}
                </Link>
              </li>
            ))}
            {signedIn ? (
              <>
                <li>
                  <Link href={`/@${state.me.username}`}>@{state.me.username}</Link>
                </li>
                <li>
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => void signOut().then(() => navigate('/'))}
                  >
                    Sign out
                  </button>
                </li>
              </>
            ) : state.status === 'signed-out' ? (
              <>
                <li>
                  <Link href="/login">Log in</Link>
                </li>
                <li>
                  <Link href="/signup">Sign up</Link>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** "99+" past the API's cap; read as "3 unread" by screen readers. */
function Badge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <>
      {' '}
      <span class="badge">
        {count >= 99 ? '99+' : count}
        <span class="visually-hidden"> unread</span>
      </span>
    </>
  );
}

function isCurrent(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

/** Sets the document title for the screen ("Log in · Skylark"). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Skylark` : 'Skylark';
  }, [title]);
}
