/**
 * The environment the handlers see, set on process.env before any handler module is imported: handlers and
 * shared/observability.ts read it once, at their cold start, exactly as they would in Lambda.
 */
import { LOCAL_CREDENTIALS } from './aws-clients';
import { inboundSmsTopicArn, LOCAL_SMS_NUMBER } from './inbound-sms';

export interface HandlerEnvironment {
  tableName: string;
  publicUrl: string;
  mailFrom: string;
  region: string;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  snsEndpoint: string;
  /** The access-token key set (local/signing-key.ts), JSON. */
  accessTokenKeys: string;
  /** Account archives: their directory and the key that signs their download links. */
  exportDir: string;
  exportLinkSecret: string;
  /** An existing ACCOUNT_ERASURE_GRACE_DAYS wins. */
  accountErasureGraceDays?: number;
  /** Powertools log level for the handlers; an existing LOG_LEVEL wins. */
  logLevel?: string;
}

export function handlerEnvironment(values: HandlerEnvironment): Record<string, string> {
  return {
    STAGE: 'local',
    AWS_REGION: values.region,
    AWS_DEFAULT_REGION: values.region,
    // Dummies, so a developer's real credentials are never picked up and sent to the local endpoints.
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    TABLE_NAME: values.tableName,
    PUBLIC_URL: values.publicUrl,
    MAIL_FROM: values.mailFrom,
    DYNAMODB_ENDPOINT: values.dynamodbEndpoint,
    SES_ENDPOINT: values.sesEndpoint,
    SNS_ENDPOINT: values.snsEndpoint,
    ACCESS_TOKEN_KEYS: values.accessTokenKeys,
    EXPORT_DIR: values.exportDir,
    EXPORT_LINK_SECRET: values.exportLinkSecret,
    ...(process.env.ACCOUNT_ERASURE_GRACE_DAYS === undefined && values.accountErasureGraceDays !== undefined
      ? { ACCOUNT_ERASURE_GRACE_DAYS: String(values.accountErasureGraceDays) }
      : {}),
    // As the API stack sets them: inbound SMS come from this topic, to this number (local/inbound-sms.ts).
    SMS_INBOUND_TOPIC_ARN: inboundSmsTopicArn(values.region),
    SMS_ORIGINATION_NUMBER: LOCAL_SMS_NUMBER,
    POWERTOOLS_SERVICE_NAME: 'skylark',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // Metrics would print CloudWatch EMF blobs into the terminal; nothing collects them locally.
    POWERTOOLS_METRICS_DISABLED: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? values.logLevel ?? 'INFO',
  };
}

/** Applies the environment to this process; returns a function that restores what was there before. */
export function applyEnvironment(variables: Record<string, string>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(variables)) {
    previous.set(name, process.env[name]);
    process.env[name] = value;
  }
  // A session token from the developer's shell would not match the dummy keys.
  previous.set('AWS_SESSION_TOKEN', process.env.AWS_SESSION_TOKEN);
  delete process.env.AWS_SESSION_TOKEN;
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
