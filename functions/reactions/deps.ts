/** The production wiring of the stream reactions: DynamoDB repositories and the SNS adapter. */
import { sendSms } from '#shared/adapters/sms-sender';
import { followExists } from '#shared/db/follow-repository';
import { directMessageRecord } from '#shared/db/message-repository';
import { notificationStore } from '#shared/db/notification-repository';
import { phoneStore } from '#shared/db/phone-repository';
import { postIndexWriter } from '#shared/db/post-index-repository';
import { profileChangeOf, searchIndexStore } from '#shared/db/search-repository';
import { deliveryLedger, smsPreferenceStore } from '#shared/db/sms-repository';
import { parseStreamRecord } from '#shared/db/stream-records';
import { fanOutStore } from '#shared/db/timeline-repository';
import { systemClock } from '#shared/domain/clock';
import type { ReactionDeps } from './reactions';

export const reactionDeps: ReactionDeps = {
  streamChange: parseStreamRecord,
  profileChange: profileChangeOf,
  fanOut: { store: fanOutStore(), clock: systemClock },
  searchIndex: { index: searchIndexStore },
  smsNotifier: {
    phones: phoneStore,
    preferences: smsPreferenceStore,
    deliveries: deliveryLedger,
    isFollowing: followExists,
    sendSms,
    clock: systemClock,
  },
  directMessage: directMessageRecord,
  postIndex: { writer: postIndexWriter },
  messageNotifications: { notifications: notificationStore },
};
