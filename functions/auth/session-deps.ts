/** Wiring for the use cases that start a session (login, refresh): + the token signer (KMS in AWS, the key set). */
import { issueAccessToken } from '#shared/adapters/access-tokens';
import type { SessionAccountDeps } from '#shared/domain/accounts/deps';
import { accountDepsWith } from './deps';

export const sessionAccountDeps: SessionAccountDeps = accountDepsWith({ issueAccessToken });
