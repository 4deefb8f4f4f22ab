/**
 * Bundle byte budgets: every function is bundled the way it deploys (infra/constructs/function-bundle.ts) and
 * must stay within its budget. Bytes are deterministic for a given lockfile, so this is not a timed test: it
 * fails when a change (a dependency, an import that drags in a client) bloats a function, and says which
 * packages weigh most. Budgets are what the functions measured when set, plus a little headroom
 * (docs/performance.md has the figures); raise one only with the reason in the commit.
 */
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes, streamConsumers, topicSubscribers } from '#functions/catalog';
import { functionBuildOptions } from '#infra/constructs/function-bundle';

const KB = 1024;
/** The ceiling for any function (issue 15). */
const DEFAULT_BUDGET_KB = 450;
const AUTH_KB = 610;
const SMS_KB = 690;
/**
 * Functions with a budget of their own: what they measured (2026-12-02) plus ~4 % headroom. Above the default,
 * each says why; lower one as soon as a function shrinks.
 */
const BUDGETS_KB: Readonly<Record<string, number>> = {
  // Since ES256 tokens (issue 14) every function that reaches token verification carries @aws-sdk/client-ssm
  // (77 KB) to read the public key set: 338 KB for Health, whose chain still imports verification although it
  // never authenticates. Next cut (issue 15): load verification and each area's adapters only where used.
  Health: 352,
  PublicConfig: 417,
  // 584–587 KB: every auth handler gets the area's SES, KMS and SSM clients through functions/auth/deps.ts.
  Register: AUTH_KB,
  VerifyEmailLink: AUTH_KB,
  VerifyEmail: AUTH_KB,
  ResendVerification: AUTH_KB,
  Login: AUTH_KB,
  Refresh: AUTH_KB,
  Logout: AUTH_KB,
  ForgotPassword: AUTH_KB,
  ResetPassword: AUTH_KB,
  GetMe: 553,
  // 664 KB: libphonenumber's `max` metadata (190 KB), the only one that tells a landline from a mobile.
  AddPhone: SMS_KB,
  VerifyPhone: SMS_KB,
  UpdateSmsSettings: SMS_KB,
  InboundSms: 570,
  // 452–454 KB (2026-12-02): the posts reads' wiring (a user's page with reposts, viewer state, the author's
  // account state) on top of the SSM client.
  GetPost: 472,
  DeletePost: 472,
  ListReplies: 472,
  ListUserPosts: 472,
  // 463–469 KB: the SSM client above on top of the posts, profile and phone wiring.
  CreatePost: 482,
  RemovePhone: 489,
  SearchUsers: 486,
  UpdateMe: 488,
  // The Mastodon surface (issue 13), wired per function (functions/mastodon/*-deps.ts), measured 2026-12-02:
  // discovery 402 KB, OAuth 442, the pending/empty routes 421, the /v1 apps routes 417 / 424 — every one still
  // with the SSM client (77 KB) through shared/http/handler.ts's /v1 verifier, which no route of theirs uses;
  // accounts 475 (the bearer check reads /v1 JWTs, so the key set's SSM client is real there); statuses 537:
  // idempotent posting (Powertools idempotency + jmespath, 37 KB) on top, and it serves favourites, reblogs,
  // notifications, tag, public and home timelines and status search.
  MastodonOAuth: 460,
  MastodonAccounts: 494,
  MastodonStatuses: 558,
  MastodonDiscovery: 418,
  MastodonPending: 438,
  ListMyApps: 433,
  RevokeMyApp: 441,
  // 2026-12-02, account export and deletion (issue 11), measured: 600 KB for the export routes (the S3 client and
  // presigner, 100 KB, on top of the SSM client); 498 KB for deletion and reactivation (the erasure's repositories);
  // 544 / 540 KB for the two stream readers, which share functions/reactions/deps.ts and so both carry the S3
  // archive store the export reaction needs. Next cut: per-reader wiring, so TableReactions carries no S3 client.
  RequestExport: 615,
  GetExport: 615,
  DeleteAccount: 512,
  ReactivateAccount: 512,
  TableReactions: 558,
  OutsideWorldReactions: 554,
};

const ROOT = path.resolve(import.meta.dirname, '../..');
// Routes that share a function (the Mastodon API's dispatching functions) name it once each.
const functions = [
  ...new Map([...httpRoutes, ...streamConsumers, ...topicSubscribers].map((fn) => [fn.name, fn])).values(),
];
const sizes = new Map<string, { bytes: number; heaviest: string; classicZod: boolean }>();

beforeAll(async () => {
  // One esbuild run for every function (no splitting: each entry is its own bundle, as deployed).
  const options = functionBuildOptions('');
  const result = await build({
    ...options,
    entryPoints: Object.fromEntries(functions.map((fn) => [fn.name, path.join(ROOT, fn.entry)])),
    absWorkingDir: ROOT,
    outdir: path.join(ROOT, 'cdk.out', 'bundle-budget'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('.js') && !file.endsWith('.mjs')) continue;
    const name = path.basename(file).replace(/\.m?js$/, '');
    sizes.set(name, {
      bytes: output.bytes,
      heaviest: heaviestPackages(output),
      classicZod: Object.keys(output.inputs).some((input) => input.includes('zod/v4/classic/')),
    });
  }
}, 120_000);

function heaviestPackages(output: Metafile['outputs'][string]): string {
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const name = match?.[1] ?? 'skylark';
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, bytes]) => `${name} ${(bytes / KB).toFixed(1)} KB`)
    .join(', ');
}

describe('function bundles', () => {
  it('bundles every function in the catalog', () => {
    expect([...sizes.keys()].sort()).toEqual(functions.map((fn) => fn.name).sort());
  });

  it.each(functions.map((fn) => fn.name))('%s stays within its byte budget', (name) => {
    const size = sizes.get(name);
    const budget = (BUDGETS_KB[name] ?? DEFAULT_BUDGET_KB) * KB;
    expect(size, name).toBeDefined();
    expect(
      size?.bytes,
      `${name}: ${(size?.bytes ?? 0) / KB} KB; heaviest: ${size?.heaviest}`,
    ).toBeLessThanOrEqual(budget);
  });

  it('keeps classic zod (all locales, the JSON Schema converter) out of every bundle', () => {
    // zod/mini's core is shared with classic; classic's own files live under v4/classic.
    const withClassic = [...sizes].filter(([, size]) => size.classicZod).map(([name]) => name);
    expect(withClassic).toEqual([]);
  });
});
