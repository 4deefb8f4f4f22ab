/**
 * The single table, declared once. The CDK stack (infra/stacks/stateful-stack.ts), the local stack
 * (local/dynamodb.ts) and the integration tests all derive the table from this definition.
 * Access patterns are documented in docs/data-model.md.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds; DynamoDB TTL deletes items some time after this. Reads also check it. */
  ttlAttribute: 'expiresAt',
  /** Every item carries its entity type here; the stream consumer's filter matches on it. */
  typeAttribute: 'type',
  /** The fan-out consumer needs both images: NEW for inserts, OLD for removals. */
  streamView: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    // A user's page: their posts and reposts in one partition, by position (author-page.ts).
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
} as const;

export type IndexName = (typeof TABLE.globalSecondaryIndexes)[number]['name'];

/** Every key attribute is a string: prefixes joined by '#', see keys.ts. */
export const KEY_ATTRIBUTES = [
  TABLE.partitionKey,
  TABLE.sortKey,
  ...TABLE.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
] as const;

/** A CreateTable input for DynamoDB Local and tests (the CDK stack builds its own from TABLE). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamView },
  };
}
