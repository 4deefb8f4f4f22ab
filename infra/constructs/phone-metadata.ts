/**
 * The phone metadata a deployed bundle carries. libphonenumber's `max` metadata (157 KB of JSON) describes
 * every country, but a deployment only texts its `smsAllowedCountries` (SMS_ALLOWED_COUNTRIES, from the same
 * settings), so bundles get the countries that share a calling code with those (all of NANP for `US`: a
 * Canadian number must still be recognised as Canadian to be refused as such) and the list of the world's
 * calling codes (to tell a number of another country from no number at all). The local stack and the tests
 * run the unbundled sources with the full metadata; shared/domain/sms/phone-number.ts refuses to parse when
 * the configured countries are not in the metadata it was built with.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The parts of libphonenumber's metadata JSON this cuts (its format: libphonenumber-js/types.d.ts MetadataJson). */
export interface PhoneMetadataJson {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
  nonGeographic?: Record<string, unknown>;
}

/** The subset, plus every calling code of the world, non-geographic ones (+800…) included (read by shared/domain/sms/phone-number.ts). */
export interface PhoneMetadataSubset extends PhoneMetadataJson {
  world_calling_codes: string[];
}

/** The countries sharing a calling code with `countries`, and nothing else (no non-geographic numbers). */
export function phoneMetadataSubset(
  full: PhoneMetadataJson,
  countries: readonly string[],
): PhoneMetadataSubset {
  const unknown = countries.filter((country) => !(country in full.countries));
  if (unknown.length > 0) throw new Error(`No phone metadata for ${unknown.join(', ')}`);
  const callingCodes = Object.fromEntries(
    Object.entries(full.country_calling_codes).filter(([, members]) =>
      members.some((member) => countries.includes(member)),
    ),
  );
  const members = Object.values(callingCodes).flat();
  return {
    version: full.version,
    country_calling_codes: callingCodes,
    countries: Object.fromEntries(members.map((member) => [member, full.countries[member]])),
    world_calling_codes: [
      ...Object.keys(full.country_calling_codes),
      ...Object.keys(full.nonGeographic ?? {}),
    ],
  };
}

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const requireHere = createRequire(import.meta.url);

/**
 * Writes the subset for `countries` where esbuild can read it, and returns its path relative to the
 * repository root (the form of the bundle aliases). Same countries, same bytes: builds stay reproducible.
 */
export function writePhoneMetadata(countries: readonly string[]): string {
  const full = JSON.parse(
    readFileSync(requireHere.resolve('libphonenumber-js/metadata.max.json'), 'utf8'),
  ) as PhoneMetadataJson;
  const sorted = [...new Set(countries)].sort();
  const relative = path.join('node_modules', '.cache', 'skylark', `phone-metadata.${sorted.join('-')}.json`);
  const target = path.join(REPO_ROOT, relative);
  const content = JSON.stringify(phoneMetadataSubset(full, sorted));
  if (existsSync(target) && readFileSync(target, 'utf8') === content) return `./${relative}`;
  // Written aside and renamed: builds running at once (test workers, two synths) never read half a file.
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(partial, content);
  renameSync(partial, target);
  return `./${relative}`;
}
