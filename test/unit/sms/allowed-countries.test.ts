/**
 * SMS_ALLOWED_COUNTRIES through the real middleware chain: a number of another country is a clear 400 before
 * anything is stored or sent. Loaded afresh because configuration is read once per process, as in Lambda.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeJsonEvent, makeLambdaContext } from '#test/factories/api-gateway-event';

const original = { ...process.env };
afterEach(() => {
  process.env = { ...original };
  vi.resetModules();
});

describe('POST /v1/me/phone with allowed countries', () => {
  it('answers 400 phone_country_not_allowed, naming the allowed countries', async () => {
    process.env.SMS_ALLOWED_COUNTRIES = 'US,CA';
    vi.resetModules();
    const { issueAccessToken } = await import('#shared/adapters/access-tokens');
    const { handler } = await import('#functions/sms/add-phone');
    const token = await issueAccessToken({ userId: 'user-1', username: 'ada' });
    const result = (await handler(
      makeJsonEvent('POST', JSON.stringify({ phoneNumber: '+33 6 12 34 56 78' }), {
        authorization: `Bearer ${token}`,
      }),
      makeLambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(400);
    const body = JSON.parse(result.body ?? '{}');
    expect(body.error.code).toBe('phone_country_not_allowed');
    expect(body.error.message).toContain('US, CA');
  });
});
