/**
 * The phone metadata a deployed bundle carries (infra/constructs/phone-metadata.ts): only the SMS countries'
 * calling codes, and still the same answers as the full metadata the local stack uses.
 */
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionBuildOptions } from '#infra/constructs/function-bundle';
import { type PhoneMetadataJson, phoneMetadataSubset } from '#infra/constructs/phone-metadata';
import {
  type PhoneMetadata,
  PhoneMetadataMismatchError,
  parseSmsNumber,
  smsNumberParser,
} from '#shared/domain/sms/phone-number';

const full = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json') as PhoneMetadataJson;
const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Mobiles, landlines, toll-free and non-geographic numbers, of NANP and elsewhere, and no numbers at all. */
const NUMBERS = [
  '+1 (415) 555-2671', // US mobile or landline (NANP does not tell)
  '+1 613 555 0123', // Canada
  '+1 876 234 5678', // Jamaica
  '+1 800 555 1234', // NANP toll-free
  '+1 555 555 0123', // not a NANP number
  '+44 7911 123456', // UK mobile
  '+44 20 7946 0000', // UK landline
  '+33 6 12 34 56 78', // French mobile
  '+800 1234 5678', // international freephone (non-geographic)
  '+999 123 456', // no such calling code
  '+1 415',
  'hello',
  '',
];

describe('the phone metadata of a deployment', () => {
  it('keeps every country of the SMS countries’ calling codes, and no other', () => {
    const subset = phoneMetadataSubset(full, ['US']);
    expect(Object.keys(subset.country_calling_codes)).toEqual(['1']);
    expect(Object.keys(subset.countries)).toEqual(full.country_calling_codes['1']);
    expect(subset.countries).toHaveProperty('CA');
    expect(subset.countries).not.toHaveProperty('FR');
    expect(subset.nonGeographic).toBeUndefined();
    expect(subset.world_calling_codes).toEqual(expect.arrayContaining(['1', '33', '44', '800']));
    expect(JSON.stringify(subset).length).toBeLessThan(JSON.stringify(full).length / 5);
  });

  it('refuses a country it has no metadata for', () => {
    expect(() => phoneMetadataSubset(full, ['US', 'XX'])).toThrow('No phone metadata for XX');
  });

  it.each([[['US']], [['US', 'CA']], [['FR']], [['FR', 'GB']]])(
    'answers every number as the full metadata does, with SMS going to %j',
    (countries) => {
      const fromSubset = smsNumberParser(phoneMetadataSubset(full, countries) as unknown as PhoneMetadata);
      for (const input of NUMBERS) {
        expect({ input, answer: fromSubset(input, undefined, countries) }).toEqual({
          input,
          answer: parseSmsNumber(input, undefined, countries),
        });
      }
    },
  );

  it('says a number of another country is not allowed, whatever its kind, and a non-number is invalid', () => {
    const usOnly = (input: string) => parseSmsNumber(input, undefined, ['US']);
    expect(usOnly('+1 (415) 555-2671')).toEqual({ ok: true, e164: '+14155552671' });
    for (const input of ['+1 613 555 0123', '+44 7911 123456', '+44 20 7946 0000', '+800 1234 5678']) {
      expect(usOnly(input)).toEqual({ ok: false, problem: 'phone_country_not_allowed' });
    }
    expect(usOnly('+999 123 456')).toEqual({ ok: false, problem: 'invalid_phone_number' });
    expect(usOnly('+1 800 555 1234')).toEqual({ ok: false, problem: 'phone_cannot_receive_sms' });
  });

  it('fails loudly when the configured countries are not in the metadata it was built with', () => {
    const fromSubset = smsNumberParser(phoneMetadataSubset(full, ['US']) as unknown as PhoneMetadata);
    expect(() => fromSubset('+33 6 12 34 56 78', undefined, ['US', 'FR'])).toThrow(
      PhoneMetadataMismatchError,
    );
    expect(() => fromSubset('06 12 34 56 78', 'FR', ['US'])).toThrow(/name FR, but this bundle carries/);
  });

  it('is what a function bundle carries: the deploy settings alias the metadata to the subset', async () => {
    const outdir = path.join(ROOT, 'cdk.out', 'phone-metadata-test');
    await mkdir(outdir, { recursive: true });
    const { entryPoints: _entry, ...options } = functionBuildOptions('', ['US']);
    const result = await build({
      ...options,
      stdin: {
        contents: "export { parseSmsNumber } from './shared/domain/sms/phone-number.ts';",
        resolveDir: ROOT,
        loader: 'ts',
      },
      absWorkingDir: ROOT,
      outfile: path.join(outdir, 'parse.mjs'),
      metafile: true,
      logLevel: 'silent',
    });
    try {
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((input) => input.includes('phone-metadata.US.json'))).toBe(true);
      expect(inputs.some((input) => input.includes('libphonenumber-js/metadata.max.json'))).toBe(false);
      const bundled = (await import(pathToFileURL(path.join(outdir, 'parse.mjs')).href)) as {
        parseSmsNumber: typeof parseSmsNumber;
      };
      expect(bundled.parseSmsNumber('+1 (415) 555-2671', undefined, ['US'])).toEqual({
        ok: true,
        e164: '+14155552671',
      });
      expect(bundled.parseSmsNumber('+1 613 555 0123', undefined, ['US'])).toEqual({
        ok: false,
        problem: 'phone_country_not_allowed',
      });
      expect(() => bundled.parseSmsNumber('+33 6 12 34 56 78', undefined, ['FR'])).toThrow(
        /this bundle carries phone metadata for/,
      );
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });
});
