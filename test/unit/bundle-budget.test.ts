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
import { httpRoutes, scheduledJobs, streamConsumers, topicSubscribers } from '#functions/catalog';
import { functionBuildOptions } from '#infra/constructs/function-bundle';
import { type Capability, capabilitiesOf } from '#shared/catalog';

const KB = 1024;
/** The ceiling for any function (issue 15). */
const DEFAULT_BUDGET_KB = 450;
/**
 * Functions with a budget of their own: what they measured plus ~4 % headroom (the figure in each comment,
 * 2026-12-02, after per-handler wiring). Above the default, each says why; lower one as soon as a function
 * shrinks. Every function that verifies tokens carries @aws-sdk/client-ssm (77 KB, 39 KB of it the service's
 * error classes) to read the key set: the next cut for all of them.
 */
const BUDGETS_KB: Readonly<Record<string, number>> = {
  // No AWS client at all: publicHttpHandler has no token verifier (issue 15 target ≤ 100 KB).
  Health: 85, // 80.9 KB
  PublicConfig: 95, // 91.3 KB
  VerifyEmail: 324, // 311.4 KB
  VerifyEmailLink: 324, // 311.4 KB
  Logout: 325, // 312.5 KB
  ResetPassword: 382, // 366.7 KB: + the common-password list (55 KB)
  ResendVerification: 412, // 395.4 KB: + the SES client
  ForgotPassword: 412, // 395.5 KB
  // 451.7 KB: the SES client (60 KB) and the common-password list (55 KB), both needed.
  Register: 470,
  Login: 450, // 432.3 KB: KMS signer and the key set's SSM client
  Refresh: 450, // 432.5 KB
  GetMe: 437, // 419.4 KB
  // 652.1 KB: libphonenumber's `max` metadata (190 KB), the only one that tells a landline from a mobile.
  AddPhone: 679,
  VerifyPhone: 639, // 613.9 KB: no SNS client (checking a code sends nothing)
  UpdateSmsSettings: 646, // 621.0 KB
  InboundSms: 591, // 568.1 KB
  RemovePhone: 436, // 419.2 KB: no SNS client, no phone metadata
  GetPost: 449, // 431.0 KB
  DeletePost: 447, // 428.9 KB
  ListReplies: 449, // 431.3 KB
  ListUserPosts: 452, // 433.7 KB: the author page (posts and reposts) on top of the reads
  // 474.9 KB: Powertools idempotency (37 KB with its JMESPath) on top of the SSM client.
  CreatePost: 494,
  SearchUsers: 445, // 427.2 KB: auth 'optional' since blocks hide people from search (token verification)
  UpdateMe: 447, // 429.3 KB
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
  RequestExport: 451, // 432.9 KB: no S3 client (the archive is built by a stream reaction)
  // 602.8 KB: the S3 client and presigner (~170 KB with their share of @smithy/core) for the download link.
  GetExport: 627,
  DeleteAccount: 464, // 446.0 KB: the erasure's repositories and the password check
  ReactivateAccount: 353, // 339.3 KB
  TableReactions: 356, // 341.8 KB: no S3 or SNS client
  // 526.6 KB: the S3 client (the export build) and the SNS client (SMS notifications).
  OutsideWorldReactions: 548,
  // 490.9 KB: the S3 client, to delete an erased account's archive.
  EraseAccounts: 511,
};

/**
 * An AWS client belongs only in a function granted what it is for (capabilitiesOf: what the CDK construct
 * grants), so per-handler wiring cannot regress unseen: a handler reaching another group's deps fails here.
 */
const CLIENT_NEEDS: ReadonlyArray<{ pkg: string; needs: readonly Capability[] }> = [
  { pkg: '@aws-sdk/client-sesv2', needs: ['mail'] },
  { pkg: '@aws-sdk/client-sns', needs: ['sms'] },
  { pkg: '@aws-sdk/client-kms', needs: ['issue-tokens'] },
  { pkg: '@aws-sdk/client-ssm', needs: ['issue-tokens', 'verify-tokens'] },
  { pkg: '@aws-sdk/client-s3', needs: ['export-archive:read', 'export-archive:write'] },
];
/** Wired by the Mastodon area's own work (its one deps.ts still serves every handler). */
const CLIENT_CHECK_PENDING = new Set([
  'MastodonOAuth',
  'MastodonAccounts',
  'MastodonStatuses',
  'MastodonDiscovery',
  'MastodonPending',
  'ListMyApps',
  'RevokeMyApp',
]);

const ROOT = path.resolve(import.meta.dirname, '../..');
// Routes that share a function (the Mastodon API's dispatching functions) name it once each.
const functions = [
  ...new Map(
    [...httpRoutes, ...streamConsumers, ...topicSubscribers, ...scheduledJobs].map((fn) => [fn.name, fn]),
  ).values(),
];
interface BundleFacts {
  bytes: number;
  heaviest: string;
  classicZod: boolean;
  /** Packages with bytes in the output (not those imported and shaken away). */
  packages: ReadonlySet<string>;
}
const sizes = new Map<string, BundleFacts>();

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
      packages: packagesIn(output),
    });
  }
}, 120_000);

function bytesByPackage(output: Metafile['outputs'][string]): Map<string, number> {
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const name = match?.[1] ?? 'skylark';
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return byPackage;
}

function packagesIn(output: Metafile['outputs'][string]): ReadonlySet<string> {
  return new Set([...bytesByPackage(output)].filter(([, bytes]) => bytes > 0).map(([name]) => name));
}

function heaviestPackages(output: Metafile['outputs'][string]): string {
  return [...bytesByPackage(output)]
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

  it.each(functions.filter((fn) => !CLIENT_CHECK_PENDING.has(fn.name)).map((fn) => [fn.name, fn] as const))(
    '%s bundles only the AWS clients its capabilities need',
    (name, fn) => {
      const granted = capabilitiesOf(fn);
      const packages = sizes.get(name)?.packages ?? new Set<string>();
      const unneeded = CLIENT_NEEDS.filter(
        ({ pkg, needs }) => packages.has(pkg) && !needs.some((capability) => granted.has(capability)),
      ).map(({ pkg }) => pkg);
      expect(packages.size, name).toBeGreaterThan(0);
      expect(unneeded, `${name} (granted: ${[...granted].join(', ')})`).toEqual([]);
    },
  );

  it('keeps classic zod (all locales, the JSON Schema converter) out of every bundle', () => {
    // zod/mini's core is shared with classic; classic's own files live under v4/classic.
    const withClassic = [...sizes].filter(([, size]) => size.classicZod).map(([name]) => name);
    expect(withClassic).toEqual([]);
  });
});
