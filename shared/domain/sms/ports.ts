/**
 * The ports the SMS use cases depend on. shared/db/phone-repository.ts and sms-repository.ts implement them over
 * the table, shared/adapters/sms-sender.ts sends; unit tests pass in-memory fakes.
 */
import type { SmsSettings } from './settings';

/** What the table knows about a number, whoever it belongs to. */
export interface NumberState {
  /** The account that verified the number, if any. */
  ownerId?: string;
  /** The number texted STOP (or another opt-out keyword) and not START since. */
  optedOut: boolean;
}

export interface PendingPhoneCode {
  phoneNumber: string;
  /** Hex SHA-256 of the code bound to the user and the number (see phone-verification.ts). */
  codeHash: string;
  /** Epoch seconds. */
  expiresAt: number;
  /** Tries already used, including the one being judged when returned by consumeCodeAttempt. */
  attempts: number;
}

export type LinkResult = 'linked' | 'number_taken' | 'code_gone';

export interface PhoneStore {
  numberState(phoneNumber: string): Promise<NumberState>;
  /** Opt-out state of many numbers at once: the set of those opted out. */
  optedOutNumbers(phoneNumbers: readonly string[]): Promise<Set<string>>;
  setOptOut(phoneNumber: string, optedOut: boolean, at: string): Promise<void>;
  /** The user's settings, defaults when there are none. */
  settings(userId: string): Promise<SmsSettings>;
  /** Settings of many users at once, for those who have any. */
  settingsOf(userIds: readonly string[]): Promise<SmsSettings[]>;
  updateSettings(
    userId: string,
    patch: Partial<Pick<SmsSettings, 'notifyAll' | 'dailyCap' | 'quietHours' | 'timeZone'>>,
  ): Promise<SmsSettings>;
  /** Replaces the user's pending code (the previous one stops working). */
  savePendingCode(userId: string, code: PendingPhoneCode): Promise<void>;
  pendingCode(userId: string): Promise<PendingPhoneCode | undefined>;
  /**
   * Uses one try of the live code, atomically: returns the code with its new attempt count, or undefined when
   * there is no code, it expired or its tries are used up. Of concurrent tries at most `maxAttempts` get one.
   */
  consumeCodeAttempt(
    userId: string,
    nowSeconds: number,
    maxAttempts: number,
  ): Promise<PendingPhoneCode | undefined>;
  /**
   * In one transaction: deletes the code (it must still be the same), claims the number for the user (unless
   * another account holds it), releases the user's previous number and records the new one.
   */
  linkPhone(input: {
    userId: string;
    code: PendingPhoneCode;
    previousNumber: string | undefined;
    at: string;
  }): Promise<LinkResult>;
  /** Releases the number and forgets it on the settings; a no-op when none is linked. */
  unlinkPhone(userId: string, phoneNumber: string): Promise<void>;
  deletePendingCode(userId: string): Promise<void>;
}

export interface SmsPreference {
  authorId: string;
  enabled: boolean;
  /** 'user': set one by one (ON user, FOLLOW by SMS); 'all': set by ON for everyone. */
  source: 'user' | 'all';
}

export interface SmsPreferenceStore {
  preference(userId: string, authorId: string): Promise<SmsPreference | undefined>;
  setPreference(userId: string, preference: SmsPreference): Promise<void>;
  removePreference(userId: string, authorId: string): Promise<void>;
  preferences(userId: string): AsyncIterable<SmsPreference[]>;
  /** Ids of the users who have SMS on for this author, a page at a time. */
  subscriberPages(authorId: string): AsyncIterable<string[]>;
}

export interface InboundLedger {
  /**
   * Takes the message for handling until `leaseUntil` (epoch s); false when it was handled already or another
   * attempt holds a live lease (a duplicate delivery). A lease left by a crashed attempt can be taken again.
   */
  claim(inboundMessageId: string, leaseUntil: number, expiresAt: number): Promise<boolean>;
  /** Records the message as handled: later deliveries are duplicates. */
  complete(inboundMessageId: string): Promise<void>;
  /** Forgets the mark after a failure, so the retry is handled. */
  release(inboundMessageId: string): Promise<void>;
}

export type DeliveryReservation = 'reserved' | 'already_sent' | 'over_cap';

export interface DeliveryLedger {
  /**
   * Reserves the sending of one post to one user: records the delivery and counts it against the user's cap for
   * that local day, or neither.
   */
  reserve(input: {
    userId: string;
    postId: string;
    day: string;
    dailyCap: number;
    expiresAt: number;
  }): Promise<DeliveryReservation>;
}

/** Sends one SMS; throws ServiceUnavailableError when SNS refuses. */
export type SendSms = (to: string, text: string) => Promise<void>;

/** Whether one user follows another (their follow edge exists). */
export type IsFollowing = (followerId: string, followeeId: string) => Promise<boolean>;
