/**
 * The one DynamoDB client of a process, created on first use (not at import: a request may never need it); locally it points at DynamoDB Local.
 * `db()` is the DocumentClient over it that repositories use; `dynamoClient()` the plain client, for libraries
 * that take one (Powertools idempotency).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';

/** How JavaScript values become attribute values: the document client's settings, and the fan-out's own marshalling. */
export const MARSHALL_OPTIONS = Object.freeze({
  removeUndefinedValues: true,
  convertClassInstanceToMap: false,
});

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
  // A copy: the document client writes its own defaults (convertTopLevelContainer) into the object it is given.
  documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { ...MARSHALL_OPTIONS },
  });
  return documentClient;
}

export function tableName(): string {
  return config().TABLE_NAME;
}
