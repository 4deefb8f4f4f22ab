/**
 * Every function Skylark deploys: HTTP routes, stream consumers and topic subscribers. The CDK app and the
 * local stack both read this module; nothing else lists functions.
 */
import type { HttpRoute, StreamConsumer, TopicSubscriber } from '#shared/catalog';
import { authRoutes } from './auth/routes';
import { engagementRoutes } from './engagement/routes';
import { mastodonRoutes } from './mastodon/routes';
import { messageRoutes } from './messages/routes';
import { moderationRoutes } from './moderation/routes';
import { notificationRoutes } from './notifications/routes';
import { postsRoutes } from './posts/routes';
import { reactionReaders } from './reactions/routes';
import { postSearchRoutes } from './search/routes';
import { inboundSms, smsRoutes } from './sms/routes';
import { systemRoutes } from './system/routes';
import { timelineRoutes } from './timeline/routes';
import { followRoutes } from './users/follow-routes';
import { profileRoutes } from './users/profile-routes';

export const httpRoutes: readonly HttpRoute[] = [
  ...systemRoutes,
  ...authRoutes,
  ...postsRoutes,
  ...timelineRoutes,
  ...followRoutes,
  ...profileRoutes,
  ...smsRoutes,
  ...mastodonRoutes,
  ...messageRoutes,
  ...postSearchRoutes,
  ...engagementRoutes,
  ...notificationRoutes,
  ...moderationRoutes,
];

/** The table stream's two readers; a new reaction goes into functions/reactions/reactions.ts, not here. */
export const streamConsumers: readonly StreamConsumer[] = reactionReaders;

export const topicSubscribers: readonly TopicSubscriber[] = [inboundSms];
