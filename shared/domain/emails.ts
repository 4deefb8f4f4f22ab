/**
 * The mails Skylark sends, each with a plain-text and an HTML part. Names are user input: the HTML part escapes
 * everything it interpolates.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * The web client's pages that complete a mailed flow (web/src/routes.ts). They call POST /v1/auth/verify and
 * POST /v1/auth/password/reset; API clients can take the token from the link's query and do the same.
 */
export function confirmPageLink(publicUrl: string, token: string): string {
  return `${publicUrl}/confirm?token=${encodeURIComponent(token)}`;
}

export function resetPageLink(publicUrl: string, token: string): string {
  return `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
}

const SIGNATURE = 'Skylark — the microblog you can run yourself';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function layout(title: string, paragraphs: string[]): string {
  const body = paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;line-height:1.5">\n${body}\n<p style="color:#555">${escapeHtml(SIGNATURE)}</p></body></html>`;
}

export function verificationMail(input: {
  firstName: string;
  link: string;
  validHours: number;
}): MailContent {
  const subject = 'Confirm your email address for Skylark';
  const text = [
    `Hi ${input.firstName},`,
    '',
    'Welcome to Skylark! Confirm your email address by opening this link:',
    input.link,
    '',
    `The link works once and expires in ${input.validHours} hours. If you did not sign up, ignore this mail.`,
    '',
    SIGNATURE,
  ].join('\n');
  const html = layout(subject, [
    `Hi ${escapeHtml(input.firstName)},`,
    'Welcome to Skylark! Confirm your email address:',
    `<a href="${escapeHtml(input.link)}">Confirm my address</a>`,
    `The link works once and expires in ${input.validHours} hours. If you did not sign up, ignore this mail.`,
  ]);
  return { subject, text, html };
}

/** Sent instead of a second account when someone registers with an address that already has one. */
export function alreadyRegisteredMail(input: { firstName: string; username: string }): MailContent {
  const subject = 'You already have a Skylark account';
  const text = [
    `Hi ${input.firstName},`,
    '',
    `Someone (perhaps you) tried to create a Skylark account with this email address, which already belongs to @${input.username}.`,
    'No new account was created. If it was you, sign in, or reset your password if you have forgotten it.',
    'If it was not you, you can ignore this mail: your account is unchanged.',
    '',
    SIGNATURE,
  ].join('\n');
  const html = layout(subject, [
    `Hi ${escapeHtml(input.firstName)},`,
    `Someone (perhaps you) tried to create a Skylark account with this email address, which already belongs to <strong>@${escapeHtml(input.username)}</strong>.`,
    'No new account was created. If it was you, sign in, or reset your password if you have forgotten it.',
    'If it was not you, you can ignore this mail: your account is unchanged.',
  ]);
  return { subject, text, html };
}

export function passwordResetMail(input: {
  firstName: string;
  link: string;
  validMinutes: number;
}): MailContent {
  const subject = 'Reset your Skylark password';
  const text = [
    `Hi ${input.firstName},`,
    '',
    'Someone asked to reset the password of your Skylark account. To choose a new password, open this link:',
    input.link,
    '',
    `The link works once and expires in ${input.validMinutes} minutes.`,
    'If you did not ask for this, ignore this mail: your password is unchanged.',
    '',
    SIGNATURE,
  ].join('\n');
  const html = layout(subject, [
    `Hi ${escapeHtml(input.firstName)},`,
    'Someone asked to reset the password of your Skylark account. To choose a new password:',
    `<a href="${escapeHtml(input.link)}">Choose a new password</a>`,
    `The link works once and expires in ${input.validMinutes} minutes. If you did not ask for this, ignore this mail: your password is unchanged.`,
  ]);
  return { subject, text, html };
}
