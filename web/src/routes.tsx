/**
 * Every screen of the site, in one list: the path pattern (`:name` segments become params) and whether it needs
 * a signed-in person. The server side's SPA fallback serves index.html for any of them (local/static-site.ts,
 * the CloudFront function in infra/stacks/web-stack.ts).
 */
import type { ComponentType } from 'preact';
import { lazyScreen } from './lazy-screen';
import { createMatcher } from './route-pattern';
import { Hashtag } from './screens/hashtag';
import { Home, readHomeEarly } from './screens/home';
import { LogIn } from './screens/log-in';
import { Mentions } from './screens/mentions';
import { Conversation, Conversations } from './screens/messages';
import { Notifications } from './screens/notifications';
import { PostPage } from './screens/post-page';
import { PostPeople } from './screens/post-people';
import { Search } from './screens/search';
import { readUserPageEarly, UserPage } from './screens/user-page';

export interface Screen {
  component: ComponentType<{ params: Record<string, string> }>;
  signedIn?: boolean;
  /** The reads to start when this is the first screen, as soon as the session is known (early-reads.ts). */
  early?: (params: Record<string, string>, signedIn: boolean) => void;
}

// Screens few people open load on demand, one chunk for all (lazy-screen.tsx): the first load stays small.
const onDemand = () => import('./screens/on-demand');
const Settings = lazyScreen(onDemand, (module) => module.Settings);
const SignUp = lazyScreen(onDemand, (module) => module.SignUp);
const Confirm = lazyScreen(onDemand, (module) => module.Confirm);
const ForgotPassword = lazyScreen(onDemand, (module) => module.ForgotPassword);
const ResetPassword = lazyScreen(onDemand, (module) => module.ResetPassword);
const FollowRequests = lazyScreen(onDemand, (module) => module.FollowRequests);
const Moderation = lazyScreen(onDemand, (module) => module.Moderation);
const ReportScreen = lazyScreen(onDemand, (module) => module.ReportScreen);

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
  { pattern: '/follow-requests', screen: { component: FollowRequests, signedIn: true } },
  { pattern: '/moderation', screen: { component: Moderation, signedIn: true } },
  { pattern: '/moderation/:section', screen: { component: Moderation, signedIn: true } },
  { pattern: '/@:username', screen: { component: UserPage, early: readUserPageEarly } },
  // Before the post page: a post id is a ULID, never "likes" or "report".
  { pattern: '/@:username/:tab(likes)', screen: { component: UserPage } },
  { pattern: '/@:username/:action(report)', screen: { component: ReportScreen, signedIn: true } },
  { pattern: '/@:username/:postId', screen: { component: PostPage } },
  { pattern: '/@:username/:postId/:list(likes|reposts)', screen: { component: PostPeople } },
  { pattern: '/@:username/:postId/:action(report)', screen: { component: ReportScreen, signedIn: true } },
];

export const matchScreen = createMatcher(ROUTES);
