/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles only (an esbuild alias set in
 * infra/constructs/function-bundle.ts). Lambda hands every function its role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the default chain's other links (SSO, INI
 * files, process, web identity, container and instance metadata) are dead weight there: ~60 KB of every
 * bundle and their start-up. If the variables are missing, the SDK's own "Unable to find environment variable
 * credentials" error says so on the first request. The local stack and the tests import the real chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The SDK clients call `defaultProvider(init)` for their credentials; here it is the environment alone. */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
