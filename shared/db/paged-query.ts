/**
 * One page of a Query as `{ items, nextCursor }`: the cursor is the opaque LastEvaluatedKey, bound to the
 * partition being listed (a cursor from another list is a 400).
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/pagination';
import { db, tableName } from './client';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor';

export interface PagedQuery<T> {
  /** The partition key (table or index) and its value; the cursor must carry the same. */
  partition: Record<string, string>;
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>;
  limit: number;
  cursor?: string | undefined;
  map: (item: Record<string, unknown>) => T;
}

export async function pagedQuery<T>(query: PagedQuery<T>): Promise<Page<T>> {
  const output = await db()
    .send(
      new QueryCommand({
        ...query.input,
        TableName: tableName(),
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, query.partition),
      }),
    )
    .catch((error: unknown) => {
      // A well-formed key outside the listed range (e.g. another sort-key prefix): still the client's cursor.
      if (query.cursor !== undefined && (error as Error).name === 'ValidationException')
        throw invalidCursor();
      throw error;
    });
  return {
    items: (output.Items ?? []).map(query.map),
    nextCursor: encodeCursor(output.LastEvaluatedKey),
  };
}
