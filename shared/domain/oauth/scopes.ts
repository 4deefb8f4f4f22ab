/**
 * OAuth scopes as Mastodon defines them: four top-level scopes, each covering its `scope:sub` sub-scopes, and
 * the legacy `follow` scope covering the follow, block and mute sub-scopes. A route demands one sub-scope (or a
 * top-level one); a token satisfies it with that scope or its parent.
 */
export const TOP_LEVEL_SCOPES = ['read', 'write', 'follow', 'push'] as const;

const SUB_SCOPES = {
  read: [
    'accounts',
    'blocks',
    'bookmarks',
    'favourites',
    'filters',
    'follows',
    'lists',
    'mutes',
    'notifications',
    'search',
    'statuses',
  ],
  write: [
    'accounts',
    'blocks',
    'bookmarks',
    'conversations',
    'favourites',
    'filters',
    'follows',
    'lists',
    'media',
    'mutes',
    'notifications',
    'reports',
    'statuses',
  ],
} as const;

const LEGACY_FOLLOW = new Set([
  'read:follows',
  'write:follows',
  'read:blocks',
  'write:blocks',
  'read:mutes',
  'write:mutes',
]);

export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  ...TOP_LEVEL_SCOPES,
  ...Object.entries(SUB_SCOPES).flatMap(([parent, subs]) => subs.map((sub) => `${parent}:${sub}`)),
]);

/** Mastodon's default when an app or a request names no scope. */
export const DEFAULT_SCOPES = ['read'] as const;

/** Space-separated (Mastodon also accepts `+`, which form decoding already turns into a space). */
export function parseScopes(text: string | undefined): string[] {
  const scopes = (text ?? '').split(/[\s+]+/).filter((scope) => scope.length > 0);
  return scopes.length === 0 ? [...DEFAULT_SCOPES] : [...new Set(scopes)];
}

export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((scope) => !KNOWN_SCOPES.has(scope));
}

/** Whether `granted` allows what `required` names. */
export function scopeAllows(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) return true;
  const [parent] = required.split(':');
  if (parent !== undefined && parent !== required && granted.includes(parent)) return true;
  return granted.includes('follow') && LEGACY_FOLLOW.has(required);
}

/** Whether every requested scope is covered by the app's registered scopes. */
export function scopesWithin(requested: readonly string[], registered: readonly string[]): boolean {
  return requested.every((scope) => scopeAllows(registered, scope));
}
