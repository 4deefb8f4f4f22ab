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

/** The web page a mail links to (`/confirm?token=…` or `/reset-password?token=…`) on the stack's public URL. */
function pageLinkIn(mail: CapturedMail, page: 'confirm' | 'reset-password'): URL {
  const match = new RegExp(`https?://\\S+/${page}\\?token=[A-Za-z0-9_%-]+`).exec(mail.text);
  if (!match) throw new Error(`No /${page} link in "${mail.subject}"`);
  return new URL(match[0]);
}

/** The confirmation page's link, as mailed. */
export function linkIn(mail: CapturedMail): URL {
  return pageLinkIn(mail, 'confirm');
}

/** What an API client calls with the mailed token: the GET form of POST /v1/auth/verify. */
export function verifyApiPath(mail: CapturedMail): string {
  return `/v1/auth/verify?token=${encodeURIComponent(tokenOf(linkIn(mail)))}`;
}

export function resetLinkIn(mail: CapturedMail): URL {
  return pageLinkIn(mail, 'reset-password');
}

export function resetCodeIn(mail: CapturedMail): string {
  return tokenOf(resetLinkIn(mail));
}

function tokenOf(link: URL): string {
  const token = link.searchParams.get('token');
  if (!token) throw new Error(`No token in ${link.pathname}`);
  return token;
}

/** Registers a person through the API and confirms the address with the mailed link; throws if a step fails. */
export async function registerConfirmed(api: ApiClient, person: { email: string }): Promise<void> {
  const registered = await api.post('/v1/auth/register', person);
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}`);
  const confirmed = await api.get(verifyApiPath(await latestMailTo(api, person.email)));
  if (confirmed.status !== 200) throw new Error(`confirming the address answered ${confirmed.status}`);
}
