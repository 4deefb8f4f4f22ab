import type { ApiClient } from './api-client';

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Mails the local stack captured for one address, newest first. */
export async function mailsTo(api: ApiClient, address: string): Promise<CapturedMail[]> {
  const { body } = await api.get<{ items: CapturedMail[] }>('/_local/mail');
  return body.items.filter((mail) => mail.to.some((to) => to.toLowerCase().includes(address.toLowerCase())));
}

export async function latestMailTo(api: ApiClient, address: string): Promise<CapturedMail> {
  const [latest] = await mailsTo(api, address);
  if (!latest) throw new Error(`No mail was captured for ${address}`);
  return latest;
}

export function linkIn(mail: CapturedMail): URL {
  const match = /https?:\/\/\S+\/v1\/auth\/verify\?token=[A-Za-z0-9_%-]+/.exec(mail.text);
  if (!match) throw new Error(`No verification link in "${mail.subject}"`);
  return new URL(match[0]);
}

export function resetCodeIn(mail: CapturedMail): string {
  const match = /^([A-Za-z0-9_-]{43})$/m.exec(mail.text);
  if (!match?.[1]) throw new Error(`No reset code in "${mail.subject}"`);
  return match[1];
}
