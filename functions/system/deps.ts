/** The production wiring of the system area: the limits GET /v1/config publishes come from the parsed config. */
import { config } from '#shared/config';
import type { PublicConfigInput } from '#shared/domain/public-config';

export const publicConfigSettings = (): PublicConfigInput => ({
  maxBodyBytes: config().MAX_BODY_BYTES,
  rateLimits: config().RATE_LIMITS,
  accountErasureGraceDays: config().ACCOUNT_ERASURE_GRACE_DAYS,
});
