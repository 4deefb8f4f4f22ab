/**
 * Every function Skylark deploys: HTTP routes, stream consumers and topic subscribers. The CDK app and the
 * local stack both read this module; nothing else lists functions.
 */
import type { HttpRoute, StreamConsumer, TopicSubscriber } from '#shared/catalog';
import { authRoutes } from './auth/routes';
import { postsRoutes } from './posts/routes';
import { smsRoutes } from './sms/routes';
import { systemRoutes } from './system/routes';
import { timelineRoutes } from './timeline/routes';
import { usersRoutes } from './users/routes';

export const httpRoutes: readonly HttpRoute[] = [
  ...systemRoutes,
  ...authRoutes,
  ...postsRoutes,
  ...timelineRoutes,
  ...usersRoutes,
  ...smsRoutes,
];

export const streamConsumers: readonly StreamConsumer[] = [];

export const topicSubscribers: readonly TopicSubscriber[] = [];
