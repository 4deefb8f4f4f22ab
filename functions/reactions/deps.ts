/**
 * The production wiring of the stream reactions, one object per reader: the table reader gets the DynamoDB
 * repositories, the outside-world reader also the SNS sender and the S3 archive store. Each is built by a call
 * marked pure, so a reader's bundle carries only what its own object references (the bundle test checks that
 * TableReactions has no S3 or SNS client).
 */
import { configuredArchiveStore } from '#shared/adapters/archive-store';
import { sendSms } from '#shared/adapters/sms-sender';
import {
  accountDataReader,
  exportRequestChangeRecord,
  exportRequestRecord,
  exportRequestStore,
} from '#shared/db/account-export-repository';
import {
  deleteEngagements,
  engagementChangeOf,
  engagementPagesOfPost,
} from '#shared/db/engagement-repository';
import { followExists } from '#shared/db/follow-repository';
import { directMessageRecord } from '#shared/db/message-repository';
import { notificationStore } from '#shared/db/notification-repository';
import { phoneStore } from '#shared/db/phone-repository';
import { postIndexWriter } from '#shared/db/post-index-repository';
import { findPostById } from '#shared/db/post-repository';
import { repostFanOutStore } from '#shared/db/repost-fan-out-store';
import { profileChangeOf, searchIndexStore } from '#shared/db/search-repository';
import { deliveryLedger, smsPreferenceStore } from '#shared/db/sms-repository';
import { parseFollowRequestRecord, parseStreamRecord } from '#shared/db/stream-records';
import { fanOutStore } from '#shared/db/timeline-repository';
import { systemClock } from '#shared/domain/clock';
import type { OutsideWorldReactionDeps, TableReactionDeps } from './reactions';

function buildTableReactionDeps(): TableReactionDeps {
  return {
    streamChange: parseStreamRecord,
    profileChange: profileChangeOf,
    engagementChange: engagementChangeOf,
    followRequestChange: parseFollowRequestRecord,
    fanOut: { store: fanOutStore(), clock: systemClock },
    notifications: { notifications: notificationStore, posts: { findById: findPostById } },
    repostFanOut: { store: repostFanOutStore() },
    engagementCleanup: {
      store: { engagementPages: engagementPagesOfPost, deleteEngagements },
    },
    searchIndex: { index: searchIndexStore },
    directMessage: directMessageRecord,
    postIndex: { writer: postIndexWriter },
    messageNotifications: { notifications: notificationStore },
  };
}

function buildOutsideWorldReactionDeps(): OutsideWorldReactionDeps {
  return {
    streamChange: parseStreamRecord,
    directMessage: directMessageRecord,
    smsNotifier: {
      phones: phoneStore,
      preferences: smsPreferenceStore,
      deliveries: deliveryLedger,
      isFollowing: followExists,
      sendSms,
      clock: systemClock,
    },
    exportRequest: exportRequestRecord,
    exportRequestChange: exportRequestChangeRecord,
    accountExport: {
      requests: exportRequestStore,
      reader: accountDataReader,
      archives: configuredArchiveStore,
      clock: systemClock,
    },
  };
}

export const tableReactionDeps: TableReactionDeps = /* @__PURE__ */ buildTableReactionDeps();

export const outsideWorldReactionDeps: OutsideWorldReactionDeps =
  /* @__PURE__ */ buildOutsideWorldReactionDeps();
