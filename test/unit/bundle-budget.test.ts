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
/**
 * Every function not listed below: the largest of them measured 345.3 KB (HomeTimeline, 2026-12-02, after the
 * key set moved from SSM to the table), plus ~4 % headroom. The ceiling for any function is 450 KB.
 */
const DEFAULT_BUDGET_KB = 360;
/**
 * Functions with a budget of their own: what they measured plus ~4 % headroom (the figure in each comment,
 * 2026-12-02, after the key set moved to the table). Each says what it carries beyond the default; lower one
 * as soon as a function shrinks. None is above 450 KB since 2026-12-03 (AddPhone cut its phone metadata to
 * the SMS countries, the outside-world reader dropped the S3 client).
 */
const BUDGETS_KB: Readonly<Record<string, number>> = {
  AddPhone: 447, // 429.4 KB (2026-12-03): libphonenumber's `max` metadata cut to the SMS countries' calling codes (16 KB for US)
  OutsideWorldReactions: 391, // 376.0 KB (2026-12-03): the SNS client; archives written and retired by presigned requests, no S3 client
  // Numbers already in E.164 only (2026-12-03, the typed-number schema moved to shared/schemas/phone-number.ts):
  // no phone metadata.
  InboundSms: 395, // 379.6 KB: the SNS client (replies)
  UpdateSmsSettings: 359, // 345.5 KB
  VerifyPhone: 351, // 337.8 KB (no SNS client: checking a code sends nothing)
  GetExport: 370, // 355.4 KB (2026-12-03): the download link signed with the SDK's SignatureV4 alone (no S3 client, no presigner)
  // Posting split from the other status routes (2026-12-03): idempotency only where a status is created.
  MastodonCreateStatus: 442, // 425.1 KB: idempotent posting (Powertools idempotency + JMESPath), direct statuses
  MastodonStatuses: 428, // 412.0 KB: every other status, timeline, notification, conversation and search route
  Register: 461, // 443.5 KB: the SES client (60 KB) and the common-password list (46 KB), both needed
  ForgotPassword: 413, // 397.1 KB: the SES client
  ResendVerification: 413, // 397.0 KB: the SES client
  MastodonAccounts: 408, // 392.1 KB: the accounts, relationships and search routes of the Mastodon API
  CreatePost: 408, // 391.7 KB: Powertools idempotency (with its JMESPath, 37 KB)
  ResetPassword: 373, // 358.5 KB: the common-password list (46 KB)
  DeleteAccount: 381, // 365.4 KB: the erasure's repositories and the password check
  RequestExport: 367, // 352.4 KB: the export request and its repositories (no S3 client)
  ListUserPosts: 363, // 348.8 KB
  Refresh: 362, // 347.9 KB: the KMS signer
  Login: 362, // 347.6 KB: the KMS signer
  ListReplies: 361, // 346.5 KB
  GetPost: 361, // 346.2 KB
  // publicHttpHandler with the Mastodon dialects: no token verifier (jose, the key set), 2026-12-03.
  MastodonOAuth: 348, // 334.8 KB (356.5 with the verifier)
  MastodonDiscovery: 305, // 293.6 KB (316.7 with the verifier)
  // No AWS client at all: publicHttpHandler has no token verifier (issue 15 target ≤ 100 KB).
  Health: 85, // 80.7 KB
  PublicConfig: 95, // 91.2 KB
};

/**
 * An AWS client belongs only in a function granted what it is for (capabilitiesOf: what the CDK construct
 * grants), so per-handler wiring cannot regress unseen: a handler reaching another group's deps fails here.
 */
const CLIENT_NEEDS: ReadonlyArray<{ pkg: string; needs: readonly Capability[] }> = [
  { pkg: '@aws-sdk/client-sesv2', needs: ['mail'] },
  { pkg: '@aws-sdk/client-sns', needs: ['sms'] },
  { pkg: '@aws-sdk/client-kms', needs: ['issue-tokens'] },
  // The access-token key set is a table item (shared/db/key-set-repository.ts): no function needs SSM.
  { pkg: '@aws-sdk/client-ssm', needs: [] },
  // Archives are read, written and deleted by presigned requests (shared/adapters/s3-objects.ts): no
  // function needs the S3 client.
  { pkg: '@aws-sdk/client-s3', needs: [] },
];

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

  it.each(functions.map((fn) => [fn.name, fn] as const))(
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
