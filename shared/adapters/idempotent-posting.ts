/**
 * `POST /v1/posts` with an `Idempotency-Key`: Powertools idempotency persisted in the single table (partition
 * `IDEMPOTENCY#CreatePost`, sort key = hash of caller + key, `expiresAt` TTL). A retry with the same key and
 * body returns the stored post and writes nothing; the same key with another body is a 409; a retry while the
 * first attempt is still running is a 409 the client can retry.
 */

import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { config } from '#shared/config';
import { dynamoClient } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { TABLE } from '#shared/db/table';
import { type CreatePostInput, createPost, type Post, type PostDependencies } from '#shared/domain/post';
import { ConflictError, ValidationError } from '#shared/errors';
import { IdempotencyKey } from '#shared/schemas/posts';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const FUNCTION_KEY = 'CreatePost';

interface IdempotentRequest {
  /** The caller: keys are scoped per user, so two users can never collide. */
  scope: string;
  key: string;
  input: CreatePostInput;
}

let idempotencyConfig: IdempotencyConfig | undefined;
type CreateOnce = (request: IdempotentRequest, deps: PostDependencies) => Promise<Post>;
let createOnce: CreateOnce | undefined;

function idempotentCreate(): {
  run: CreateOnce;
  settings: IdempotencyConfig;
} {
  if (!createOnce || !idempotencyConfig) {
    const { TABLE_NAME } = config();
    idempotencyConfig = new IdempotencyConfig({
      eventKeyJmesPath: '[scope, key]',
      payloadValidationJmesPath: 'input',
      expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    });
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: TABLE_NAME,
      keyAttr: TABLE.partitionKey,
      sortKeyAttr: TABLE.sortKey,
      staticPkValue: keys.idempotencyPartition(FUNCTION_KEY),
      expiryAttr: TABLE.ttlAttribute,
      awsSdkV3Client: dynamoClient(),
    });
    // Only the first argument (the request) is hashed into the key; the dependencies pass through.
    createOnce = makeIdempotent(
      (request: IdempotentRequest, deps: PostDependencies) => createPost(deps, request.input),
      {
        persistenceStore,
        config: idempotencyConfig,
        keyPrefix: FUNCTION_KEY,
        dataIndexArgument: 0,
      },
    );
  }
  return { run: createOnce, settings: idempotencyConfig };
}

/**
 * Creates a post, exactly once per (caller, Idempotency-Key) when a key is given.
 * @throws ValidationError invalid_idempotency_key; ConflictError idempotency_key_reused / request_in_progress
 */
export async function createPostIdempotently(
  deps: PostDependencies,
  input: CreatePostInput,
  idempotencyKeyHeader: string | undefined,
  context: Context,
): Promise<Post> {
  const parsed = IdempotencyKey.safeParse(idempotencyKeyHeader);
  if (!parsed.success) {
    throw new ValidationError('invalid_idempotency_key', parsed.error.issues[0]?.message ?? 'Invalid key');
  }
  if (parsed.data === undefined) return createPost(deps, input);
  const { run, settings } = idempotentCreate();
  settings.registerLambdaContext(context);
  try {
    return await run({ scope: input.authorId, key: parsed.data, input }, deps);
  } catch (error) {
    if (error instanceof IdempotencyValidationError) {
      throw new ConflictError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request',
      );
    }
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new ConflictError(
        'request_in_progress',
        'A request with this Idempotency-Key is in progress; retry',
      );
    }
    throw error;
  }
}
