/**
 * Rules for account fields: usernames, names, email addresses and passwords. Pure functions; the zod schemas in
 * shared/schemas/auth.ts apply them at the HTTP edge and name an error code for each.
 */
import commonPasswords from '../data/common-passwords.json' with { type: 'json' };
import { countLength, findInvalidCharacter } from './post-text';

export const USERNAME_PATTERN = /^[a-z0-9_]{3,30}$/;
export const NAME_LIMITS = { min: 1, max: 50 } as const;
export const PASSWORD_LIMITS = { min: 8, max: 256 } as const;
export const EMAIL_MAX_LENGTH = 254;

/** Names that would be confusing or dangerous as someone's page (routes, staff, mail roles). */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'abuse',
  'about',
  'account',
  'accounts',
  'admin',
  'administrator',
  'api',
  'app',
  'assets',
  'auth',
  'billing',
  'blog',
  'config',
  'contact',
  'dev',
  'developer',
  'developers',
  'email',
  'explore',
  'help',
  'home',
  'hostmaster',
  'info',
  'legal',
  'login',
  'logout',
  'mail',
  'me',
  'mention',
  'mentions',
  'moderator',
  'news',
  'no_reply',
  'noreply',
  'null',
  'official',
  'password',
  'post',
  'postmaster',
  'posts',
  'privacy',
  'register',
  'root',
  'search',
  'security',
  'settings',
  'signin',
  'signup',
  'skylark',
  'sms',
  'staff',
  'static',
  'status',
  'support',
  'system',
  'terms',
  'timeline',
  'undefined',
  'user',
  'users',
  'verify',
  'webmaster',
  'www',
]);

/**
 * Built on first use, not at import: a module-level `new Set(list)` counts as a side effect to the bundler, which
 * would then ship the 55 KB list to every function importing a constant from here (GET /v1/config among them).
 */
let commonPasswordSet: ReadonlySet<string> | undefined;

function isCommonPassword(password: string): boolean {
  // One space-separated string (see shared/data/README.md): a string literal costs the bundle ~10 KB less
  // than an array of 5,000 and nothing at import; the set is built on the first check.
  commonPasswordSet ??= new Set(commonPasswords.split(' '));
  return commonPasswordSet.has(password);
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export type UsernameProblem = 'invalid_username' | 'username_reserved';

export function usernameProblem(normalized: string): UsernameProblem | undefined {
  if (!USERNAME_PATTERN.test(normalized)) return 'invalid_username';
  if (RESERVED_USERNAMES.has(normalized)) return 'username_reserved';
  return undefined;
}

export function normalizeName(name: string): string {
  return name.normalize('NFC').trim();
}

/**
 * A person's or business's name: 1–50 user-perceived characters, none of the characters posts refuse (control,
 * bidi override, ill-formed…), and no line breaks.
 */
export function nameProblem(normalized: string): 'invalid_name' | undefined {
  const length = countLength(normalized, []);
  if (length < NAME_LIMITS.min || length > NAME_LIMITS.max) return 'invalid_name';
  if (normalized.includes('\n') || findInvalidCharacter(normalized)) return 'invalid_name';
  return undefined;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Sane syntax, not full RFC 5322: ASCII dot-atoms, a dotted domain with an alphabetic top-level label. */
export function isValidEmail(normalized: string): boolean {
  if (normalized.length > EMAIL_MAX_LENGTH) return false;
  const at = normalized.lastIndexOf('@');
  if (at < 1 || normalized.indexOf('@') !== at) return false;
  const local = normalized.slice(0, at);
  const labels = normalized.slice(at + 1).split('.');
  const topLevel = labels.at(-1) ?? '';
  return (
    local.length <= 64 &&
    EMAIL_LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    /^[a-z]{2,63}$/.test(topLevel)
  );
}

export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_too_common';

/** Length in code points, no composition rules (NIST SP 800-63B); common passwords are refused. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_LIMITS.min) return 'password_too_short';
  if (length > PASSWORD_LIMITS.max) return 'password_too_long';
  if (isCommonPassword(password.toLowerCase())) return 'password_too_common';
  return undefined;
}
