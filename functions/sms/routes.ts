import {
  type Capability,
  type HttpRoute,
  SENDING_ROUTE_THROTTLE,
  TOKEN_ROUTE_THROTTLE,
  type TopicSubscriber,
} from '#shared/catalog';

const WITH_SMS: readonly Capability[] = ['table:write', 'sms'];

export const smsRoutes: readonly HttpRoute[] = [
  {
    name: 'AddPhone',
    method: 'POST',
    path: '/v1/me/phone',
    entry: 'functions/sms/add-phone.ts',
    auth: 'required',
    uses: WITH_SMS,
    // Each call sends an SMS: the spend a flood could run up is what this caps.
    throttle: SENDING_ROUTE_THROTTLE,
  },
  {
    name: 'VerifyPhone',
    method: 'POST',
    path: '/v1/me/phone/verify',
    entry: 'functions/sms/verify-phone.ts',
    auth: 'required',
    uses: ['table:write'],
    // Guessing codes.
    throttle: TOKEN_ROUTE_THROTTLE,
  },
  {
    name: 'RemovePhone',
    method: 'DELETE',
    path: '/v1/me/phone',
    entry: 'functions/sms/remove-phone.ts',
    auth: 'required',
    uses: ['table:write'],
  },
  {
    name: 'UpdateSmsSettings',
    method: 'PATCH',
    path: '/v1/me/sms',
    entry: 'functions/sms/update-sms-settings.ts',
    auth: 'required',
    uses: ['table:write'],
  },
];

/**
 * The two-way SMS subscriber of the inbound topic: commands and posting by SMS. Following by SMS with ON for
 * everyone walks the user's followees, hence the longer timeout.
 */
export const inboundSms: TopicSubscriber = {
  name: 'InboundSms',
  entry: 'functions/sms/inbound-sms.ts',
  topic: 'inbound-sms',
  uses: ['table:write', 'sms'],
  timeoutSeconds: 30,
};
