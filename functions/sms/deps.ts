/**
 * The production wiring of the SMS use cases: DynamoDB, SNS, and the posts and follows domain. Each export is
 * free of side effects, so a handler bundles only what its own export references.
 */

import { sendSms } from '#shared/adapters/sms-sender';
import { config } from '#shared/config';
import { engagementStore } from '#shared/db/engagement-repository';
import { followExists, followStore } from '#shared/db/follow-repository';
import { messageStore } from '#shared/db/message-repository';
import { phoneStore } from '#shared/db/phone-repository';
import { postStore } from '#shared/db/post-repository';
import { consumeRateLimit } from '#shared/db/rate-limiter';
import { relationshipReads } from '#shared/db/relationship-repository';
import { inboundLedger, smsPreferenceStore } from '#shared/db/sms-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { postVisibility } from '#shared/domain/relationships/visibility';
import type { InboundDeps } from '#shared/domain/sms/inbound';
import type { NotificationSettingsDeps } from '#shared/domain/sms/notification-settings';
import { type PhoneVerificationDeps, randomPhoneCode } from '#shared/domain/sms/phone-verification';

export const phoneVerificationDeps: PhoneVerificationDeps = {
  phones: phoneStore,
  rateLimit: consumeRateLimit,
  sendSms,
  clock: systemClock,
  newCode: randomPhoneCode,
};

/** POST /v1/me/phone/verify: checking a code sends nothing (no SNS client). */
export const phoneConfirmationDeps: Pick<PhoneVerificationDeps, 'phones' | 'clock'> = {
  phones: phoneStore,
  clock: systemClock,
};

/** DELETE /v1/me/phone: unlinking needs the phone store only. */
export const phoneUnlinkDeps: Pick<PhoneVerificationDeps, 'phones'> = { phones: phoneStore };

export const notificationSettingsDeps: NotificationSettingsDeps = {
  phones: phoneStore,
  preferences: smsPreferenceStore,
  follows: followStore,
  users: userDirectory,
  isFollowing: followExists,
};

// Listed, not spread from notificationSettingsDeps: a spread counts as a side effect to the bundler, which
// would then keep this object, and the whole inbound wiring, in every SMS function.
export const inboundDeps: InboundDeps = {
  phones: phoneStore,
  preferences: smsPreferenceStore,
  users: userDirectory,
  isFollowing: followExists,
  inbound: inboundLedger,
  posts: postStore,
  follows: followStore,
  messages: messageStore,
  engagements: engagementStore,
  canSee: /* @__PURE__ */ postVisibility(relationshipReads),
  relationships: relationshipReads,
  rateLimit: consumeRateLimit,
  sendSms,
  clock: systemClock,
  ids: ulidIds,
  get publicUrl() {
    return config().PUBLIC_URL;
  },
};

/** Only notifications from the stack's own inbound topic are SMS to handle. */
export const inboundTopicArn = (): string | undefined => config().SMS_INBOUND_TOPIC_ARN;
