/** Unit tests run without any service: a complete, fake local configuration. */
import { generateKeySet } from '#local/signing-key';

process.env.STAGE ??= 'test';
process.env.AWS_REGION ??= 'us-east-1';
process.env.TABLE_NAME ??= 'skylark-unit';
process.env.PUBLIC_URL ??= 'http://127.0.0.1:3000';
process.env.MAIL_FROM ??= 'Skylark <no-reply@skylark.test>';
process.env.ACCESS_TOKEN_KEYS ??= JSON.stringify(generateKeySet());
process.env.AWS_ACCESS_KEY_ID ??= 'unit';
process.env.AWS_SECRET_ACCESS_KEY ??= 'unit';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
