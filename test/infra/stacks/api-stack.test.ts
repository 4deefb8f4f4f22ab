import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/constructs/skylark-function';
import { routeKey } from '#shared/catalog';
import { TABLE } from '#shared/db/table';
import {
  functionLogicalId,
  probeConsumer,
  probeRoute,
  probeSubscriber,
  SYNTH_TIMEOUT_MS,
  synthTestApp,
  testCatalog,
} from '../test-app';

let template: Template;

beforeAll(() => {
  template = synthTestApp({
    context: {
      stage: 'test',
      mailFrom: 'no-reply@skylark.example',
      throttleRateLimit: '25',
      throttleBurstLimit: '50',
      logRetentionDays: '14',
    },
  }).apiTemplate;
}, SYNTH_TIMEOUT_MS);

// Routes that share a function (the Mastodon API's dispatching functions) count once.
const allFunctions = [
  ...new Map(
    [
      ...testCatalog.httpRoutes,
      ...testCatalog.streamConsumers,
      ...testCatalog.topicSubscribers,
      ...(testCatalog.scheduledJobs ?? []),
    ].map((fn) => [fn.name, fn]),
  ).values(),
];

/** The statements of the policies attached to a function's role. */
function policyStatements(name: string): unknown[] {
  const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId(template, name)];
  if (!fn) throw new Error(`no function for ${name}`);
  const roleRef = (fn.Properties as { Role: { 'Fn::GetAtt': [string, string] } }).Role['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleRef }] } });
  const role = template.findResources('AWS::IAM::Role')[roleRef]?.Properties as
    | { Policies?: { PolicyDocument: { Statement: unknown[] } }[] }
    | undefined;
  return [
    ...Object.values(policies).map(
      (policy) => (policy.Properties as { PolicyDocument: unknown }).PolicyDocument,
    ),
    ...(role?.Policies ?? []).map((policy) => policy.PolicyDocument),
  ].flatMap((document) => (document as { Statement: unknown[] }).Statement);
}

describe('functions', () => {
  it('builds one Lambda function per catalog entry', () => {
    template.resourceCountIs('AWS::Lambda::Function', allFunctions.length);
  });

  it('runs every function on Node.js 22, arm64, with active tracing and its own log group', () => {
    for (const settings of allFunctions) {
      const id = functionLogicalId(template, settings.name);
      template.hasResource('AWS::Lambda::Function', {
        Properties: Match.objectLike({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Handler: 'index.handler',
          LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp(`^${settings.name}Logs`) } },
        }),
      });
      expect(id).toMatch(new RegExp(`^${settings.name}Function`));
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  it('gives every function the environment shared/config.ts parses', () => {
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          STAGE: 'test',
          TABLE_NAME: Match.anyValue(),
          PUBLIC_URL: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpApi'), 'ApiEndpoint'] },
          MAIL_FROM: 'no-reply@skylark.example',
          SES_CONFIGURATION_SET: Match.anyValue(),
          MAX_BODY_BYTES: '16384',
          CORS_ALLOWED_ORIGINS: '*',
          SMS_INBOUND_TOPIC_ARN: {
            'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('InboundSmsTopic') }),
          },
          POWERTOOLS_SERVICE_NAME: 'skylark',
          POWERTOOLS_METRICS_NAMESPACE: 'Skylark',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it('uses the default memory and timeout unless the catalog sets them', () => {
    const [health] = testCatalog.httpRoutes;
    expect(health?.memoryMb).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp(`^Skylark ${health?.name} `),
      MemorySize: 512,
      Timeout: 10,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp(`^Skylark ${probeRoute.name} `),
      MemorySize: 1024,
      Timeout: 20,
    });
  });
});

describe('least-privilege grants', () => {
  it('grants nothing beyond logs and tracing to a function that uses nothing', () => {
    const [health] = testCatalog.httpRoutes;
    expect(health?.uses).toEqual([]);
    const actions = policyStatements(health?.name ?? '').flatMap((statement) => [
      (statement as { Action: string | string[] }).Action,
    ]);
    expect(actions.flat().sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });

  it('scopes table access to the table and its named indexes, without Scan', () => {
    const statements = policyStatements(probeRoute.name);
    const table = statements.find((statement) => JSON.stringify(statement).includes('dynamodb:PutItem')) as {
      Action: string[];
      Resource: unknown[];
    };
    expect(table.Action).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem']));
    expect(table.Action).not.toContain('dynamodb:Scan');
    const resources = JSON.stringify(table.Resource);
    for (const index of TABLE.globalSecondaryIndexes) expect(resources).toContain(`/index/${index.name}`);
    expect(resources).not.toContain('/index/*');
  });

  it('allows SES sends only through the From identity and the configuration set', () => {
    expect(policyStatements(probeRoute.name)).toContainEqual(
      expect.objectContaining({
        Action: 'ses:SendEmail',
        Effect: 'Allow',
        Resource: expect.arrayContaining([
          expect.objectContaining({
            'Fn::Join': ['', expect.arrayContaining([':identity/no-reply@skylark.example'])],
          }),
          expect.objectContaining({
            'Fn::Join': ['', expect.arrayContaining([':identity/skylark.example'])],
          }),
        ]),
      }),
    );
  });

  it('limits SMS publishing to phone numbers by denying every SNS ARN', () => {
    const statements = policyStatements(probeRoute.name);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sns:Publish',
        Effect: 'Allow',
        Resource: '*',
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sns:Publish',
        Effect: 'Deny',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
      }),
    );
  });

  it('lets only token issuers sign, with the stage-tagged KMS keys and ES256 only', () => {
    const signs = (name: string) =>
      policyStatements(name).some((statement) => JSON.stringify(statement).includes('kms:Sign'));
    for (const settings of allFunctions) {
      expect(signs(settings.name), settings.name).toBe(settings.uses.includes('issue-tokens'));
    }
    expect(policyStatements(probeRoute.name)).toContainEqual(
      expect.objectContaining({
        Action: 'kms:Sign',
        Condition: {
          StringEquals: {
            'aws:ResourceTag/skylark:access-token-key': 'test',
            'kms:SigningAlgorithm': 'ECDSA_SHA_256',
          },
        },
      }),
    );
  });

  it('lets every route that reads a token, and every issuer, read the public key set, and no other function', () => {
    const reads = (name: string) =>
      policyStatements(name).some(
        (statement) => (statement as { Sid?: string }).Sid === 'ReadAccessTokenKeySet',
      );
    for (const route of testCatalog.httpRoutes) {
      const needsKeys = route.auth !== 'none' || route.uses.includes('issue-tokens');
      expect(reads(route.name), `${route.name} (auth ${route.auth})`).toBe(needsKeys);
    }
    expect(reads(probeConsumer.name)).toBe(false);
  });

  it('reads the key set with GetItem in the CONFIG partition only, and gives no function an SSM action', () => {
    for (const route of testCatalog.httpRoutes.filter((candidate) => candidate.auth !== 'none')) {
      const keySet = policyStatements(route.name).find(
        (statement) => (statement as { Sid?: string }).Sid === 'ReadAccessTokenKeySet',
      );
      expect(keySet, route.name).toMatchObject({
        Action: 'dynamodb:GetItem',
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CONFIG'] } },
      });
    }
    for (const settings of allFunctions) {
      expect(JSON.stringify(policyStatements(settings.name)), settings.name).not.toContain('ssm:');
    }
  });

  it('gives no function a secret to read, nor any KMS action but Sign', () => {
    for (const settings of allFunctions) {
      const actions = policyStatements(settings.name).flatMap((statement) => {
        const action = (statement as { Action: string | string[] }).Action;
        return Array.isArray(action) ? action : [action];
      });
      expect(
        actions.filter((action) => /^(secretsmanager|kms):/.test(action) && action !== 'kms:Sign'),
        settings.name,
      ).toEqual([]);
    }
  });
});

describe('the HTTP API', () => {
  it('has a Lambda proxy route (payload 2.0) for every catalog route', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', testCatalog.httpRoutes.length);
    for (const route of testCatalog.httpRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey(route) });
    }
    template.allResourcesProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('logs access as JSON and throttles the default stage from context', () => {
    const stages = template.findResources('AWS::ApiGatewayV2::Stage');
    expect(Object.keys(stages)).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    const stage = Object.values(stages)[0] as { Properties: { AccessLogSettings: { Format: string } } };
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
      integrationError: '$context.integrationErrorMessage',
    });
  });

  it('answers CORS preflights for the configured origins', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['*'],
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        ExposeHeaders: ['retry-after', 'link'],
      }),
    });
  });

  it('outputs the API URL and the table name', () => {
    template.hasOutput('ApiUrl', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpApi'), 'ApiEndpoint'] },
    });
    template.hasOutput('TableName', { Value: Match.anyValue() });
  });
});

type AlarmProperties = {
  AlarmDescription: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  MetricName?: string;
  Namespace?: string;
  Threshold: number;
  Dimensions?: unknown[];
  Metrics?: {
    Id: string;
    Expression?: string;
    MetricStat?: { Metric: Record<string, unknown>; Stat: string };
  }[];
};

function alarms(): Record<string, AlarmProperties> {
  return Object.fromEntries(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([id, alarm]) => [
      id,
      alarm.Properties as AlarmProperties,
    ]),
  );
}

/** The alarm with construct id `<id>Alarm`: a function's in its area stack, or a stage-wide one (Monitoring). */
function alarm(id: string): AlarmProperties {
  const logicalId = new RegExp(`^(Monitoring)?${id}Alarm[0-9A-F]{8}$`);
  const found = Object.entries(alarms()).filter(([candidate]) => logicalId.test(candidate));
  if (found.length !== 1) throw new Error(`expected one ${id} alarm, found ${found.length}`);
  return (found[0] as [string, AlarmProperties])[1];
}

/** The metrics an alarm reads (its own, or those of its math expression). */
function metricsOf(properties: AlarmProperties): Record<string, unknown>[] {
  if (properties.MetricName) {
    return [
      {
        MetricName: properties.MetricName,
        Namespace: properties.Namespace,
        Dimensions: properties.Dimensions,
      },
    ];
  }
  return (properties.Metrics ?? []).flatMap((metric) =>
    metric.MetricStat ? [metric.MetricStat.Metric] : [],
  );
}

const runbookAnchors = new Set(
  [
    ...readFileSync(path.join(REPO_ROOT, 'docs/operations.md'), 'utf8').matchAll(
      /<a id="([a-z0-9-]+)"><\/a>/g,
    ),
  ].map((match) => match[1]),
);

describe('alarms', () => {
  it('notify the alarm topic when they fire and when they recover, and link a runbook that exists', () => {
    const all = Object.entries(alarms());
    expect(all.length).toBeGreaterThan(2 * allFunctions.length);
    for (const [id, properties] of all) {
      expect(properties.AlarmActions, id).toHaveLength(1);
      expect(properties.OKActions, id).toEqual(properties.AlarmActions);
      const anchor = /Runbook: docs\/operations\.md#([a-z0-9-]+)$/.exec(properties.AlarmDescription)?.[1];
      expect(anchor && runbookAnchors.has(anchor), `${id}: ${properties.AlarmDescription}`).toBe(true);
    }
  });

  it('watch every function for its error rate and for throttles', () => {
    for (const settings of allFunctions) {
      const fn = { Ref: functionLogicalId(template, settings.name) };
      const rate = alarm(`${settings.name}ErrorRate`);
      expect(rate.Threshold).toBe(5);
      expect(rate.Metrics?.find((metric) => metric.Expression)?.Expression).toMatch(
        /^IF\(\w+ >= 3, 100 \* \w+ \/ \w+, 0\)$/,
      );
      expect(metricsOf(rate)).toEqual([
        expect.objectContaining({ MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: fn }] }),
        expect.objectContaining({
          MetricName: 'Invocations',
          Dimensions: [{ Name: 'FunctionName', Value: fn }],
        }),
      ]);
      expect(metricsOf(alarm(`${settings.name}Throttles`))).toEqual([
        expect.objectContaining({
          MetricName: 'Throttles',
          Dimensions: [{ Name: 'FunctionName', Value: fn }],
        }),
      ]);
    }
  });

  it('watch the API for a 5xx rate, p99 latency and surges of 4xx and 429', () => {
    const api = { Ref: Match.stringLikeRegexp('^HttpApi') };
    const apiMetric = (name: string) =>
      expect.objectContaining({
        Namespace: 'AWS/ApiGateway',
        MetricName: name,
        Dimensions: [{ Name: 'ApiId', Value: expect.anything() }],
      });
    expect(metricsOf(alarm('Api5xxRate'))).toEqual([apiMetric('5xx'), apiMetric('Count')]);
    expect(alarm('Api5xxRate').Threshold).toBe(1);
    expect(metricsOf(alarm('Api4xxSurge'))).toEqual([apiMetric('4xx'), apiMetric('Count')]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 3000,
      EvaluationPeriods: 3,
      Dimensions: [{ Name: 'ApiId', Value: api }],
    });
    // 429s are counted from the access log: HTTP APIs publish no per-status metric.
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^AccessLogs') },
      FilterPattern: '{ $.status = "429" }',
      MetricTransformations: [
        { MetricNamespace: 'Skylark/test', MetricName: 'ApiRateLimited', MetricValue: '1' },
      ],
    });
    expect(metricsOf(alarm('Api429Surge'))).toEqual([
      expect.objectContaining({ Namespace: 'Skylark/test', MetricName: 'ApiRateLimited' }),
    ]);
  });

  it('watch the account’s Lambda concurrency and the table’s throttling, indexes included', () => {
    expect(alarm('AccountConcurrency')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'ConcurrentExecutions',
      Threshold: 800,
    });
    expect(alarm('AccountConcurrency').Dimensions).toBeUndefined();
    const throttled = metricsOf(alarm('DynamoDbThrottles'));
    expect(throttled).toHaveLength(2 * (1 + TABLE.globalSecondaryIndexes.length));
    for (const index of TABLE.globalSecondaryIndexes) {
      for (const name of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
        expect(throttled).toContainEqual(
          expect.objectContaining({
            MetricName: name,
            Dimensions: expect.arrayContaining([{ Name: 'GlobalSecondaryIndexName', Value: index.name }]),
          }),
        );
      }
    }
  });

  it('watch mail reputation below the rates at which SES pauses sending', () => {
    expect(alarm('MailBounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
    });
    expect(alarm('MailComplaintRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.001,
    });
  });

  it('watch SMS spending, hourly sends and failed deliveries', () => {
    expect(alarm('SmsSpend')).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'SMSMonthToDateSpentUSD',
      Threshold: 0.8,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarm('SmsSentPerHour')).toMatchObject({
      Namespace: 'Skylark',
      MetricName: 'SmsSent',
      Threshold: 50,
    });
    expect(metricsOf(alarm('SmsFailed'))).toEqual([
      expect.objectContaining({ Namespace: 'Skylark', MetricName: 'SmsFailed' }),
      expect.objectContaining({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'PhoneNumber', Value: 'PhoneNumberDirect' }],
      }),
    ]);
  });
});

describe('the dashboard', () => {
  it('is one dashboard showing every function, the API, the table, mail and SMS', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const [dashboard] = dashboards as [{ Properties: { DashboardName: string; DashboardBody: unknown } }];
    expect(dashboard.Properties.DashboardName).toBe('skylark-test');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const settings of allFunctions) {
      expect(body, settings.name).toContain(
        JSON.stringify({ Ref: functionLogicalId(template, settings.name) }),
      );
    }
    for (const metric of [
      '5xx',
      'Latency',
      'ConcurrentExecutions',
      'ReadThrottleEvents',
      'Reputation.BounceRate',
      'SmsSent',
      'IteratorAge',
    ]) {
      expect(body, metric).toContain(metric);
    }
    expect(body).toContain('alarm');
  });
});

describe('per-route throttles', () => {
  it('throttles every route the catalog gives a throttle, with its limits, on the stage', () => {
    const throttled = testCatalog.httpRoutes.filter((route) => route.throttle);
    expect(throttled.map((route) => route.name)).toEqual(
      expect.arrayContaining(['Register', 'Login', 'Refresh', 'ResetPassword', 'AddPhone', 'VerifyPhone']),
    );
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    if (!stage) throw new Error('no stage');
    const settings = (stage.Properties as { RouteSettings: Record<string, unknown> }).RouteSettings;
    expect(Object.keys(settings).sort()).toEqual(throttled.map((route) => routeKey(route)).sort());
    for (const route of throttled) {
      expect(settings[routeKey(route)]).toEqual({
        ThrottlingRateLimit: route.throttle?.rateLimit,
        ThrottlingBurstLimit: route.throttle?.burstLimit,
      });
    }
  });
});

describe('stream consumers', () => {
  // Every reader of the catalog (TableReactions, OutsideWorldReactions) and the probe.
  it.each(testCatalog.streamConsumers.map((consumer) => [consumer.name, consumer] as const))(
    'reads the table stream for %s with its batching, retries, filters and partial batch responses',
    (_name, probeConsumer) => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionLogicalId(template, probeConsumer.name) },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: probeConsumer.batchSize,
        MaximumBatchingWindowInSeconds: probeConsumer.maxBatchingWindowSeconds,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: probeConsumer.retryAttempts,
        MaximumRecordAgeInSeconds: probeConsumer.maxRecordAgeSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FilterCriteria: {
          Filters: probeConsumer.filters.map((pattern) => ({ Pattern: JSON.stringify(pattern) })),
        },
        DestinationConfig: {
          OnFailure: {
            Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${probeConsumer.name}Failures`), 'Arn'] },
          },
        },
      });
    },
  );

  it('keeps records for hours before setting a stuck batch aside', () => {
    for (const consumer of testCatalog.streamConsumers) {
      expect(consumer.maxRecordAgeSeconds, consumer.name).toBeGreaterThanOrEqual(3 * 3600);
      expect(consumer.maxRecordAgeSeconds, consumer.name).toBeLessThan(24 * 3600);
    }
  });

  it('sends failed batches, whole, to an encrypted private bucket that only accepts TLS', () => {
    template.resourceCountIs('AWS::SQS::Queue', testCatalog.topicSubscribers.length);
    template.resourceCountIs('AWS::S3::Bucket', testCatalog.streamConsumers.length);
    template.allResourcesProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      MetricsConfigurations: [{ Id: 'AllFailures' }],
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it.each(testCatalog.streamConsumers.map((consumer) => [consumer.name] as const))(
    'lets %s write failed batches to its bucket and nothing more there',
    (name) => {
      // The export bucket's grants (OutsideWorldReactions writes archives) are pinned in export-bucket.test.ts.
      const s3Actions = policyStatements(name)
        .filter((statement) => JSON.stringify(statement).includes('"s3:'))
        .filter((statement) => (statement as { Sid?: string }).Sid !== 'WriteAccountArchives')
        .map((statement) => (statement as { Action: string }).Action);
      expect(s3Actions.sort()).toEqual(['s3:ListBucket', 's3:PutObject']);
      template.hasOutput(`${name}FailureBucket`, {
        Value: { Ref: Match.stringLikeRegexp(`^${name}Failures`) },
      });
    },
  );

  it.each(testCatalog.streamConsumers.map((consumer) => [consumer.name, consumer] as const))(
    'alarms on iterator age, errors and failed records of %s',
    (_name, probeConsumer) => {
      const consumer = functionLogicalId(template, probeConsumer.name);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: consumer } }],
        Threshold: 60_000,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [Match.anyValue()],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: consumer } }],
        Threshold: 0,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/S3',
        MetricName: 'PutRequests',
        Dimensions: Match.arrayWith([
          { Name: 'BucketName', Value: { Ref: Match.stringLikeRegexp(`^${probeConsumer.name}Failures`) } },
          { Name: 'FilterId', Value: 'AllFailures' },
        ]),
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    },
  );
});

describe('topic subscribers', () => {
  it('subscribes the function to the inbound-SMS topic of the stateful stack', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [functionLogicalId(template, probeSubscriber.name), 'Arn'] },
      TopicArn: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionLogicalId(template, probeSubscriber.name), 'Arn'] },
    });
  });

  it('keeps messages the function gave up on', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionLogicalId(template, probeSubscriber.name) },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${probeSubscriber.name}Failures`), 'Arn'] },
        },
      },
    });
  });
});
