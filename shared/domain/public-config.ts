/**
 * What `GET /v1/config` serves: every limit a client needs to agree with the server before it sends a request.
 * Each area adds its own section here as it lands.
 */
import { PAGE_LIMIT } from './pagination';

export interface PublicConfigInput {
  maxBodyBytes: number;
}

export function publicConfig(input: PublicConfigInput) {
  return {
    apiVersion: 'v1',
    request: { maxBodyBytes: input.maxBodyBytes, contentType: 'application/json' },
    pagination: { minLimit: PAGE_LIMIT.min, maxLimit: PAGE_LIMIT.max, defaultLimit: PAGE_LIMIT.default },
  };
}
