/**
 * Starting DynamoDB Local itself: the clear error without Java, and data that survives a restart when kept in
 * a directory. (The shared in-memory instance of the test run is started the same way.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '#local/aws-clients';
import { DynamoDbLocalError, ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { silentLogger } from '#local/log';
import { createTableInput } from '#shared/db/table';

const directories: string[] = [];

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('startDynamoDbLocal', () => {
  it('says that Java 17+ is required when there is no java', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(tmpdir(), 'no-java-here');
    try {
      await expect(startDynamoDbLocal({ logger: silentLogger })).rejects.toThrow(DynamoDbLocalError);
      await expect(startDynamoDbLocal({ logger: silentLogger })).rejects.toThrow(/Java 17\+ is required/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('keeps the table and its items across a restart when given a directory', async () => {
    const dbPath = await mkdtemp(join(tmpdir(), 'skylark-dynamodb-'));
    directories.push(dbPath);
    const key = { PK: { S: 'USER#1' }, SK: { S: 'PROFILE' } };

    const first = await startDynamoDbLocal({ dbPath, logger: silentLogger });
    const before = localDynamoDbClient(first.endpoint);
    expect((await ensureTable(before, 'skylark')).created).toBe(true);
    await before.send(new PutItemCommand({ TableName: 'skylark', Item: { ...key, name: { S: 'Ada' } } }));
    before.destroy();
    await first.stop();
    expect(first.pid && isRunning(first.pid)).toBe(false);

    const second = await startDynamoDbLocal({ dbPath, logger: silentLogger });
    const after = localDynamoDbClient(second.endpoint);
    try {
      expect((await ensureTable(after, 'skylark')).created).toBe(false);
      const { Item } = await after.send(new GetItemCommand({ TableName: 'skylark', Key: key }));
      expect(Item?.name).toEqual({ S: 'Ada' });
    } finally {
      after.destroy();
      await second.stop();
    }
  }, 180_000); // two JVM starts: half a minute each on a busy machine

  it('adds to an older copy of the table the indexes the definition has and it lacks, once', async () => {
    // Its own instance, as a data directory's is: one busy with other tables can take minutes to build an index.
    const local = await startDynamoDbLocal({ logger: silentLogger });
    const client = localDynamoDbClient(local.endpoint);
    const current = createTableInput('skylark');
    try {
      await client.send(
        new CreateTableCommand({
          ...current,
          AttributeDefinitions: current.AttributeDefinitions.filter(
            (attribute) => !attribute.AttributeName.startsWith('GSI3'),
          ),
          GlobalSecondaryIndexes: current.GlobalSecondaryIndexes.filter(
            (index) => index.IndexName !== 'GSI3',
          ),
        }),
      );
      const first = await ensureTable(client, 'skylark');
      expect(first).toMatchObject({ created: false, indexesAdded: ['GSI3'] });
      expect(first.streamArn).toMatch(/^arn:/);
      expect((await ensureTable(client, 'skylark')).indexesAdded).toEqual([]);
    } finally {
      client.destroy();
      await local.stop();
    }
  }, 180_000);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
