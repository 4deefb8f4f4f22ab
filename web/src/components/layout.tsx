import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Me } from '../api-types';
import { Link, navigate, useLocation } from '../router';
import { pendingFollowRequests, type SessionState, signOut } from '../session';
import { useStore } from '../store';

/** Counts kept beside the profile (session.ts) that navigation badges show. */
export interface NavCounts {
  followRequests: number;
}

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to signed-in people. */
  signedIn: boolean;
  /** Shown only when this says so (operators' screens, pending requests). */
  show?: (me: Me, counts: NavCounts) => boolean;
  /** A count shown beside the label ("3 unread"), from the signed-in profile. */
  badge?: (me: Me, counts: NavCounts) => number;
  /** What the count counts, for screen readers ("unread", "pending"). */
  badgeLabel?: string;
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
  {
    href: '/follow-requests',
    label: 'Follow requests',
    signedIn: true,
    show: (_me, counts) => counts.followRequests > 0,
    badge: (_me, counts) => counts.followRequests,
    badgeLabel: 'pending',
  },
  { href: '/search', label: 'Search', signedIn: false },
  { href: '/settings', label: 'Settings', signedIn: true },
  { href: '/moderation', label: 'Moderation', signedIn: true, show: (me) => me.operator },
];

export function Layout({ state, children }: { state: SessionState; children: ComponentChildren }) {
  const { path } = useLocation();
  const signedIn = state.status === 'signed-in';
  const counts: NavCounts = { followRequests: useStore(pendingFollowRequests) };
  const items = NAV_ITEMS.filter((item) =>
    signedIn ? (item.show?.(state.me, counts) ?? true) : !item.signedIn,
  );
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
                  {signedIn && item.badge ? (
                    <Badge count={item.badge(state.me, counts)} label={item.badgeLabel ?? 'unread'} />
                  ) : null}
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
function Badge({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <>
      {' '}
      <span class="badge">
        {count >= 99 ? '99+' : count}
        <span class="visually-hidden"> {label}</span>
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
