/**
 * The Mastodon area's wiring, split by what each function's routes use, so a function bundles only that
 * (test/unit/bundle-budget.test.ts): this file holds what every function needs — the public base URL and the
 * instance answers' inputs. Routes that take no bearer token (discovery, OAuth) use `publicHttpHandler` with
 * the Mastodon dialects of shared/http/mastodon-dialect.ts, so they carry no token check. Beside it:
 * `auth-deps.ts` (the bearer check: OAuth tokens and /v1 JWTs), `oauth-deps.ts` (app registration, sign-in,
 * tokens), `reads-deps.ts` (the stores /v1 uses for posts, follows, timelines and profiles), `accounts-deps.ts`
 * (relationships), `statuses-deps.ts` (favourites, reblogs, notifications, search, timelines, conversations),
 * `create-status-deps.ts` (idempotent posting, its own function), `messages-deps.ts` (direct messages, for
 * both) and `apps-deps.ts` (the /v1 list and revocation of authorized apps).
 */
import { config } from '#shared/config';

export { readInstanceStats as instanceStats } from '#shared/db/instance-stats-repository';

export function publicUrl(): string {
  return config().PUBLIC_URL;
}

export const instanceDeps = () => ({ publicUrl: config().PUBLIC_URL, contactEmail: config().MAIL_FROM });
