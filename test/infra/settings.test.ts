import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { corsOrigins, mailIdentities, readSettings } from '#infra/settings';

function settingsFrom(context: Record<string, unknown>) {
  return readSettings(new App({ context }).node);
}

describe('deployment settings', () => {
  it('has defaults that synthesise without any context', () => {
    expect(settingsFrom({})).toEqual({
      stage: 'dev',
      deletionProtection: true,
      mailFrom: 'no-reply@example.com',
      logRetentionDays: 30,
      throttleRateLimit: 100,
      throttleBurstLimit: 200,
      corsAllowedOrigins: '*',
      maxBodyBytes: 16_384,
      smsSpendAlarmUsd: 0.8,
      smsAllowedCountries: 'US',
      smsHourlyAlarm: 50,
      accessTokenKeyRotationDays: 30,
    });
  });

  it('accepts -c strings and cdk.json values alike', () => {
    const fromCli = settingsFrom({
      deletionProtection: 'false',
      logRetentionDays: '90',
      throttleRateLimit: '10',
    });
    const fromJson = settingsFrom({ deletionProtection: false, logRetentionDays: 90, throttleRateLimit: 10 });
    expect(fromCli).toEqual(fromJson);
    expect(fromCli).toMatchObject({ deletionProtection: false, logRetentionDays: 90, throttleRateLimit: 10 });
  });

  it('takes rate-limit overrides as JSON, refusing unknown policies and bad numbers', () => {
    const posting = { 'post:daily': { limit: 500, windowSeconds: 86_400 } };
    expect(settingsFrom({ rateLimits: JSON.stringify(posting) }).rateLimits).toEqual(posting);
    expect(settingsFrom({ rateLimits: posting }).rateLimits).toEqual(posting);
    expect(() => settingsFrom({ rateLimits: '{"post:weekly":{"limit":1,"windowSeconds":60}}' })).toThrow(
      /rateLimits/,
    );
    expect(() => settingsFrom({ rateLimits: '{"post:daily":{"limit":0,"windowSeconds":60}}' })).toThrow(
      /rateLimits/,
    );
  });

  it('drops a trailing slash from publicUrl', () => {
    expect(settingsFrom({ publicUrl: 'https://api.example.org/' }).publicUrl).toBe('https://api.example.org');
  });

  it('lists every problem at once', () => {
    expect(() => settingsFrom({ stage: 'Prod!', logRetentionDays: '31', deletionProtection: 'yes' })).toThrow(
      /stage: .*deletionProtection: .*logRetentionDays: /,
    );
  });

  it('accepts a From address on the SES domain identity or equal to the address identity', () => {
    expect(() => settingsFrom({ sesIdentity: 'example.org', mailFrom: 'hi@example.org' })).not.toThrow();
    expect(() => settingsFrom({ sesIdentity: 'hi@example.org', mailFrom: 'hi@example.org' })).not.toThrow();
    expect(() => settingsFrom({ sesIdentity: 'hi@example.org', mailFrom: 'other@example.org' })).toThrow(
      /mailFrom/,
    );
  });

  it('derives CORS origins and SES identities', () => {
    expect(corsOrigins({ corsAllowedOrigins: 'https://a.example, https://b.example' })).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(mailIdentities({ mailFrom: 'No-Reply@Example.org' })).toEqual([
      'no-reply@example.org',
      'example.org',
    ]);
  });

  it('refuses the placeholder sender outside a dev stage, with what to do', () => {
    expect(() => settingsFrom({ stage: 'prod' })).toThrow(
      /mailFrom: no-reply@example\.com is a placeholder and cannot send mail; set -c mailFrom=/,
    );
    expect(settingsFrom({ stage: 'dev-alice' }).mailFrom).toBe('no-reply@example.com');
    expect(settingsFrom({ stage: 'prod', mailFrom: 'hello@skylark.example' }).mailFrom).toBe(
      'hello@skylark.example',
    );
  });

  it('defaults the SMS countries to the operator list and refuses a malformed one', () => {
    expect(settingsFrom({}).smsAllowedCountries).toBe('US');
    expect(() => settingsFrom({ smsAllowedCountries: 'us,france' })).toThrow(/smsAllowedCountries/);
  });
});
