/**
 * Setup file of the integration project, run in each test file's process before the file imports anything:
 * points every AWS client at the run's DynamoDB Local (see dynamodb-global-setup.ts), gives the file its own
 * table name, and creates that table before the first test.
 */
import { beforeAll, inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/aws-clients';
import { generateKeySet } from '#local/signing-key';
import { createTestTable, uniqueTableName } from './test-table';

process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.STAGE ??= 'test';
process.env.AWS_REGION ??= LOCAL_REGION;
process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
delete process.env.AWS_SESSION_TOKEN;
process.env.TABLE_NAME = uniqueTableName('it');
process.env.PUBLIC_URL ??= 'http://127.0.0.1:3000';
process.env.MAIL_FROM ??= 'Skylark <no-reply@skylark.test>';
process.env.ACCESS_TOKEN_KEYS ??= JSON.stringify(generateKeySet());
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const tableName = process.env.TABLE_NAME;
beforeAll(async () => {
  await createTestTable({ tableName });
});
