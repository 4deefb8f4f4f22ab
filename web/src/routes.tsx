/**
 * Every screen of the site, in one list: the path pattern (`:name` segments become params) and whether it needs
 * a signed-in person. The server side's SPA fallback serves index.html for any of them (local/static-site.ts,
 * the CloudFront function in infra/stacks/web-stack.ts).
 */
import type { ComponentType } from 'preact';
import { createMatcher } from './route-pattern';
import { Confirm } from './screens/confirm';
import { ForgotPassword } from './screens/forgot-password';
import { Hashtag } from './screens/hashtag';
import { Home, readHomeEarly } from './screens/home';
import { LogIn } from './screens/log-in';
import { Mentions } from './screens/mentions';
import { Conversation, Conversations } from './screens/messages';
import { Notifications } from './screens/notifications';
import { PostPage } from './screens/post-page';
import { PostPeople } from './screens/post-people';
import { ResetPassword } from './screens/reset-password';
import { Search } from './screens/search';
import { Settings } from './screens/settings';
import { SignUp } from './screens/sign-up';
import { readUserPageEarly, UserPage } from './screens/user-page';

export interface Screen {
  component: ComponentType<{ params: Record<string, string> }>;
  signedIn?: boolean;
  /** The reads to start when this is the first screen, as soon as the session is known (early-reads.ts). */
  early?: (params: Record<string, string>, signedIn: boolean) => void;
}

export const ROUTES: readonly { pattern: string; screen: Screen }[] = [
  { pattern: '/', screen: { component: Home, early: readHomeEarly } },
  { pattern: '/signup', screen: { component: SignUp } },
  { pattern: '/login', screen: { component: LogIn } },
  { pattern: '/confirm', screen: { component: Confirm } },
  { pattern: '/forgot-password', screen: { component: ForgotPassword } },
  { pattern: '/reset-password', screen: { component: ResetPassword } },
  { pattern: '/search', screen: { component: Search } },
  { pattern: '/mentions', screen: { component: Mentions, signedIn: true } },
  { pattern: '/notifications', screen: { component: Notifications, signedIn: true } },
  { pattern: '/messages', screen: { component: Conversations, signedIn: true } },
  { pattern: '/messages/:username', screen: { component: Conversation, signedIn: true } },
  { pattern: '/tags/:tag', screen: { component: Hashtag } },
  { pattern: '/settings', screen: { component: Settings, signedIn: true } },
  { pattern: '/settings/:section', screen: { component: Settings, signedIn: true } },
  { pattern: '/@:username', screen: { component: UserPage, early: readUserPageEarly } },
  // Before the post page: a post id is a ULID, never "likes".
  { pattern: '/@:username/:tab(likes)', screen: { component: UserPage } },
  { pattern: '/@:username/:postId', screen: { component: PostPage } },
  { pattern: '/@:username/:postId/:list(likes|reposts)', screen: { component: PostPeople } },
];

export const matchScreen = createMatcher(ROUTES);
