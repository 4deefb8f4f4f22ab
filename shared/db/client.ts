/**
 * The one DynamoDB client of a process, created on first use (not at import: a request may never need it); locally it points at DynamoDB Local.
 * `db()` is the DocumentClient over it that repositories use; `dynamoClient()` the plain client, for libraries
 * that take one (Powertools idempotency).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';

let client: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoClient(): DynamoDBClient {
  if (!client) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    client = new DynamoDBClient({
      region: AWS_REGION,
      ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT } : {}),
    });
  }
  return client;
}

export function db(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function tableName(): string {
  return config().TABLE_NAME;
}
