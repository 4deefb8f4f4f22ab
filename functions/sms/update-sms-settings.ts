import { updateSmsSettings } from '#shared/domain/sms/sms-profile';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { SmsSettingsBody } from '#shared/schemas/sms';
import { notificationSettingsDeps } from './deps';

export const handler = httpHandler(
  { schemas: { body: SmsSettingsBody }, auth: 'required' },
  async ({ body, caller }) => ok(await updateSmsSettings(notificationSettingsDeps, caller.userId, body)),
);
