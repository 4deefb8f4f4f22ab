/**
 * How every function is bundled, as plain esbuild settings (no CDK import): the construct hands them to CDK's
 * NodejsFunction, and bench/bundles.ts and the bundle budget test build with the very same, so what is
 * measured and guarded is what deploys.
 */
import { writePhoneMetadata } from './phone-metadata';

/** Lambda's runtime (infra/constructs/skylark-function.ts FUNCTION_DEFAULTS.runtime). */
export const BUNDLE_TARGET = 'node22';

/**
 * The bundle is ESM (top-level await, faster module loading), but some dependencies are CommonJS and call
 * `require` for Node built-ins; esbuild's ESM output has no `require`, so the banner defines one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __skylarkCreateRequire } from 'node:module'; const require = __skylarkCreateRequire(import.meta.url);";

/**
 * Module replacements, relative to the repository root. In Lambda the credentials are in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so each client's default provider chain (SSO,
 * STS web identity, INI files, process, IMDS: ~60 KB and their start-up) is swapped for the environment
 * provider alone. Only bundles see this: the local stack and the tests run the unbundled sources with the
 * SDK's full chain.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './shared/adapters/environment-credentials.ts',
};

/** The SMS countries of a deployment that sets none (infra/settings.ts `smsAllowedCountries`). */
export const DEFAULT_SMS_COUNTRIES: readonly string[] = ['US'];

/**
 * The module replacements of a deployment texting `smsCountries`: BUNDLE_ALIASES, and libphonenumber's
 * metadata cut to those countries' calling codes (./phone-metadata.ts; only AddPhone imports it). Writes the
 * cut metadata file, so call it when bundling.
 */
export function bundleAliases(
  smsCountries: readonly string[] = DEFAULT_SMS_COUNTRIES,
): Record<string, string> {
  return { ...BUNDLE_ALIASES, 'libphonenumber-js/metadata.max.json': writePhoneMetadata(smsCountries) };
}

/**
 * Source maps: on (without sources), and the functions run with NODE_OPTIONS=--enable-source-maps
 * (infra/stacks/api-stack.ts), so a logged stack trace names our files and lines. That costs import time on
 * every cold start (docs/performance.md, "Source maps", has the measured share); readable traces for the
 * runbooks were judged worth it. Switching off: set false here and drop NODE_OPTIONS there.
 */
export const BUNDLE_SOURCE_MAPS = true;

/** The esbuild options of one function's bundle, for building it the way CDK does (default SMS countries). */
export function functionBuildOptions(entry: string, smsCountries: readonly string[] = DEFAULT_SMS_COUNTRIES) {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: BUNDLE_TARGET,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: BUNDLE_SOURCE_MAPS,
    sourcesContent: false,
    alias: bundleAliases(smsCountries),
  };
}
