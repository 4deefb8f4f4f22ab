/**
 * Settings for AWS SDK clients that talk to the local emulators. The credentials are dummies: DynamoDB Local
 * runs with -sharedDb so it ignores them, and the mail and SMS captures only check that a request is signed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function localClientConfig(endpoint: string, region = LOCAL_REGION): LocalClientConfig {
  return { endpoint, region, credentials: { ...LOCAL_CREDENTIALS } };
}

export function localDynamoDbClient(endpoint: string, region = LOCAL_REGION): DynamoDBClient {
  // DynamoDB Local answers in milliseconds; don't let the SDK's retry backoff hide a dead process.
  return new DynamoDBClient({ ...localClientConfig(endpoint, region), maxAttempts: 2 });
}

export function localStreamsClient(endpoint: string, region = LOCAL_REGION): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ ...localClientConfig(endpoint, region), maxAttempts: 2 });
}
