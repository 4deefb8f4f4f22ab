/**
 * The stateless half: every function in the catalog (functions/catalog.ts), the HTTP API in front of the routes,
 * the stream and topic wiring, and the alarms. Nothing here is named per function: adding a route, consumer or
 * subscriber to the catalog is all it takes to deploy it.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { AccessTokenKeyGrants } from '#infra/constructs/access-token-keys';
import { FailureBucket } from '#infra/constructs/failure-bucket';
import { FailureQueue } from '#infra/constructs/failure-queue';
import { SkylarkFunction, type SkylarkFunctionShared } from '#infra/constructs/skylark-function';
import { corsOrigins, type DeploySettings } from '#infra/settings';
import { type HttpRoute, routeKey, type StreamConsumer, type TopicSubscriber } from '#shared/catalog';
import { CORS_POLICY } from '#shared/http/cors';

/** The lists of functions/catalog.ts; a prop so tests can pass their own. */
export interface FunctionCatalog {
  httpRoutes: readonly HttpRoute[];
  streamConsumers: readonly StreamConsumer[];
  topicSubscribers: readonly TopicSubscriber[];
}

/** What the API stack uses from the stateful stack (StatefulStack satisfies it). */
export interface StatefulResources {
  table: dynamodb.ITable;
  accessTokenKeys: { grants: AccessTokenKeyGrants };
  mailConfigurationSet: ses.IConfigurationSet;
  mailIdentityArns: string[];
  inboundSmsTopic: sns.ITopic;
  alarmTopic: sns.ITopic;
}

export interface ApiStackProps extends StackProps {
  settings: DeploySettings;
  catalog: FunctionCatalog;
  stateful: StatefulResources;
}

/** Alarm thresholds; the runbook in docs/operations.md says what to do when each fires. */
const ALARMS = {
  /** A consumer more than a minute behind means timelines are visibly stale. */
  iteratorAgeMs: 60_000,
  /** Server errors in five minutes before someone is paged. */
  api5xxPerFiveMinutes: 5,
} as const;

/** Matches the HttpMethod of shared/catalog.ts to API Gateway's enum. */
const HTTP_METHODS = {
  GET: apigw.HttpMethod.GET,
  POST: apigw.HttpMethod.POST,
  PUT: apigw.HttpMethod.PUT,
  PATCH: apigw.HttpMethod.PATCH,
  DELETE: apigw.HttpMethod.DELETE,
} as const satisfies Record<HttpRoute['method'], apigw.HttpMethod>;

export class ApiStack extends Stack {
  readonly httpApi: apigw.HttpApi;
  readonly functions = new Map<string, SkylarkFunction>();
  private readonly integrations = new Map<string, HttpLambdaIntegration>();
  private readonly settings: DeploySettings;
  private readonly stateful: StatefulResources;
  private readonly shared: SkylarkFunctionShared;
  private readonly alarmAction: SnsAction;
  private readonly removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings, catalog, stateful } = props;
    this.settings = settings;
    this.stateful = stateful;
    this.alarmAction = new SnsAction(stateful.alarmTopic);
    this.removalPolicy = settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.httpApi = this.createHttpApi();
    const configurationSetName = stateful.mailConfigurationSet.configurationSetName;
    this.shared = {
      environment: {
        STAGE: settings.stage,
        TABLE_NAME: stateful.table.tableName,
        PUBLIC_URL: settings.publicUrl ?? this.httpApi.apiEndpoint,
        MAIL_FROM: settings.mailFrom,
        SES_CONFIGURATION_SET: configurationSetName,
        ACCESS_TOKEN_KEYS_PARAMETER: stateful.accessTokenKeys.grants.parameterName,
        MAX_BODY_BYTES: String(settings.maxBodyBytes),
        CORS_ALLOWED_ORIGINS: settings.corsAllowedOrigins,
        // The inbound SMS function rejects records from any other topic.
        SMS_INBOUND_TOPIC_ARN: stateful.inboundSmsTopic.topicArn,
        ...(settings.smsOriginationNumber ? { SMS_ORIGINATION_NUMBER: settings.smsOriginationNumber } : {}),
        ...(settings.smsSenderId ? { SMS_SENDER_ID: settings.smsSenderId } : {}),
        SMS_ALLOWED_COUNTRIES: settings.smsAllowedCountries,
        ...(settings.rateLimits ? { RATE_LIMITS: JSON.stringify(settings.rateLimits) } : {}),
        POWERTOOLS_SERVICE_NAME: 'skylark',
        POWERTOOLS_METRICS_NAMESPACE: 'Skylark',
        NODE_OPTIONS: '--enable-source-maps',
      },
      logRetention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: this.removalPolicy,
      table: stateful.table,
      accessTokenKeys: stateful.accessTokenKeys.grants,
      reservedConcurrency: settings.reservedConcurrency,
      mail: {
        identityArns: stateful.mailIdentityArns,
        configurationSetArn: this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: configurationSetName,
        }),
      },
    };

    for (const route of catalog.httpRoutes) this.addRoute(route);
    this.throttleRoutes(catalog.httpRoutes);
    for (const consumer of catalog.streamConsumers) this.addStreamConsumer(consumer);
    for (const subscriber of catalog.topicSubscribers) this.addTopicSubscriber(subscriber);

    this.alarm('Api5xx', 'api-5xx', {
      metric: this.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: ALARMS.api5xxPerFiveMinutes,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: `At least ${ALARMS.api5xxPerFiveMinutes} HTTP 5xx responses in 5 minutes.`,
    });

    // SNS reports the account's SMS spending of the month in the region; the limit stops every SMS when reached.
    this.alarm('SmsSpend', 'sms-spend', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: settings.smsSpendAlarmUsd,
      description: `SMS spending this month is above USD ${settings.smsSpendAlarmUsd}.`,
    });

    // An hourly count well above normal is the signature of SMS pumping (docs/operations.md#sms-sent-per-hour).
    this.alarm('SmsSentPerHour', 'sms-sent-per-hour', {
      metric: new cloudwatch.Metric({
        namespace: 'Skylark',
        metricName: 'SmsSent',
        dimensionsMap: { service: 'skylark' },
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      threshold: settings.smsHourlyAlarm,
      description: `More than ${settings.smsHourlyAlarm} SMS sent in an hour.`,
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the HTTP API',
      value: this.httpApi.apiEndpoint,
    });
    new CfnOutput(this, 'TableName', {
      description: 'The single DynamoDB table',
      value: stateful.table.tableName,
    });
  }

  private createHttpApi(): apigw.HttpApi {
    const { settings } = this;
    const api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `skylark-${settings.stage}`,
      description: `Skylark ${settings.stage} public API`,
      // The default stage is added below with access logs and throttling, which the implicit one cannot take.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: corsOrigins(settings),
        // The one CORS policy (shared/http/cors.ts); API Gateway answers the preflight with it.
        allowMethods: CORS_POLICY.allowMethods.map((method) => apigw.CorsHttpMethod[method]),
        allowHeaders: [...CORS_POLICY.allowHeaders],
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        // Bearer tokens, not cookies: credentials mode is never needed and would forbid the '*' origin.
        allowCredentials: false,
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
      },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: this.removalPolicy,
    });
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: settings.throttleRateLimit, burstLimit: settings.throttleBurstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            ip: AccessLogField.contextIdentitySourceIp(),
            requestTime: AccessLogField.contextRequestTime(),
            routeKey: AccessLogField.contextRouteKey(),
            status: AccessLogField.contextStatus(),
            latency: AccessLogField.contextResponseLatency(),
            integrationLatency: AccessLogField.contextIntegrationLatency(),
            integrationError: AccessLogField.contextIntegrationErrorMessage(),
            responseLength: AccessLogField.contextResponseLength(),
          }),
        ),
      },
    });
    return api;
  }

  /** Per-route throttles from the catalog (the one place they are declared) as stage route settings. */
  private throttleRoutes(routes: readonly HttpRoute[]): void {
    // The $default stage is added explicitly (createHttpApi), so HttpApi.defaultStage stays unset: find it by id.
    const stage = this.httpApi.node.tryFindChild('DefaultStage')?.node.defaultChild as
      | apigw.CfnStage
      | undefined;
    if (!stage) throw new Error('The HTTP API has no default stage to throttle');
    // RouteSettings is a plain JSON map in CloudFormation (route key → settings), so CDK renders it as written:
    // the property names must already be CloudFormation's.
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routes) {
      if (!route.throttle) continue;
      settings[routeKey(route)] = {
        ThrottlingRateLimit: route.throttle.rateLimit,
        ThrottlingBurstLimit: route.throttle.burstLimit,
      };
    }
    stage.routeSettings = settings;
    // Route settings name routes that must exist first.
    for (const route of this.httpApi.node.findAll()) {
      if (route instanceof apigw.CfnRoute) stage.node.addDependency(route);
    }
  }

  private createFunction(settings: HttpRoute | StreamConsumer | TopicSubscriber): SkylarkFunction {
    if (this.functions.has(settings.name)) {
      throw new Error(`Function name ${settings.name} is declared twice in the catalog`);
    }
    const fn = new SkylarkFunction(this, settings.name, { settings, shared: this.shared });
    this.functions.set(settings.name, fn);
    return fn;
  }

  /**
   * Routes that name the same function (same name and entry, e.g. the Mastodon surface's few functions that each
   * serve many routes and dispatch on the route key) share one function and one integration.
   */
  private addRoute(route: HttpRoute): void {
    let integration = this.integrations.get(route.name);
    const existing = this.functions.get(route.name);
    if (!integration || !existing || existing.settings.entry !== route.entry) {
      const fn = this.createFunction(route);
      integration = new HttpLambdaIntegration(`${route.name}Integration`, fn.function, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        // One invoke permission per function for this API (not one per route): CloudFormation allows 500
        // resources a stack, and a function serving many routes (the Mastodon API) would take one each.
        scopePermissionToRoute: false,
      });
      this.integrations.set(route.name, integration);
    }
    const routes = this.httpApi.addRoutes({
      path: route.path,
      methods: [HTTP_METHODS[route.method]],
      integration,
    });
    for (const created of routes) {
      Validations.of(created).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          route.auth !== 'none'
            ? `${routeKey(route)} requires a bearer token, verified by the function's middleware (jose, ES256 public keys ` +
              'from SSM): Skylark issues its own JWTs, so there is no Cognito pool or JWT issuer for an authorizer.'
            : `${routeKey(route)} is public by design (sign-up, sign-in, public profiles and posts, health).`,
      });
    }
  }

  private addStreamConsumer(consumer: StreamConsumer): void {
    const fn = this.createFunction(consumer);
    const failures = new FailureBucket(this, `${consumer.name}Failures`, {
      description: `stream batches ${consumer.name} could not process`,
      removalPolicy: this.removalPolicy,
    });
    const streamArn = this.stateful.table.tableStreamArn;
    if (!streamArn) throw new Error('The table has no stream for the stream consumers');
    // Written out instead of DynamoEventSource: that grants its stream read on the role's default policy,
    // dynamodb:ListStreams on '*' included; here the wildcard goes where it is acknowledged (SkylarkFunction).
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTheTableStream',
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streamArn],
      }),
    );
    fn.addWildcardStatement(
      new iam.PolicyStatement({ sid: 'ListStreams', actions: ['dynamodb:ListStreams'], resources: ['*'] }),
      'dynamodb:ListStreams (used by the DynamoDB event source mapping) supports no resource-level permissions.',
    );
    failures.grantDestination(fn.role);
    const mapping = new lambda.EventSourceMapping(this, `${consumer.name}Stream`, {
      target: fn.function,
      eventSourceArn: streamArn,
      // Replays from the oldest record, so nothing written while the mapping was being created is skipped.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: consumer.batchSize,
      maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
      bisectBatchOnError: consumer.bisectOnError,
      retryAttempts: consumer.retryAttempts,
      maxRecordAge: Duration.seconds(consumer.maxRecordAgeSeconds),
      reportBatchItemFailures: true,
      filters: consumer.filters.map((pattern) => lambda.FilterCriteria.filter(pattern)),
      onFailure: { bind: () => ({ destination: failures.bucket.bucketArn }) },
    });
    // The mapping must not start before its role may read the stream and write failures.
    mapping.node.addDependency(fn.role);
    new CfnOutput(this, `${consumer.name}FailureBucket`, {
      description: `Failed batches of ${consumer.name}, for npm run replay-failures`,
      value: failures.bucket.bucketName,
    });

    this.alarm(`${consumer.name}IteratorAge`, 'stream-consumer-iterator-age', {
      metric: fn.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: ALARMS.iteratorAgeMs,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      description: `${consumer.name} is more than ${ALARMS.iteratorAgeMs / 1000} s behind the table stream.`,
    });
    this.alarm(`${consumer.name}Errors`, 'stream-consumer-errors', {
      metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      description: `${consumer.name} failed whole invocations (crash or timeout), not single records.`,
    });
    this.alarm(`${consumer.name}FailuresStored`, 'stream-failures-stored', {
      metric: failures.metricFailuresStored(),
      threshold: 0,
      description: `${consumer.name} gave up on a batch; its records wait in the ${consumer.name}FailureBucket.`,
    });
  }

  private addTopicSubscriber(subscriber: TopicSubscriber): void {
    const fn = this.createFunction(subscriber);
    const topic = this.topic(subscriber.topic);
    topic.addSubscription(new LambdaSubscription(fn.function));

    // SNS invokes asynchronously: after Lambda's own retries, the event goes to a queue instead of being lost.
    const failures = new FailureQueue(this, `${subscriber.name}Failures`, {
      description: `${subscriber.topic} messages ${subscriber.name} could not process`,
    });
    fn.function.configureAsyncInvoke({
      onFailure: new SqsDestination(failures.queue),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });

    this.alarm(`${subscriber.name}Errors`, 'topic-subscriber-errors', {
      metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      description: `${subscriber.name} failed on a ${subscriber.topic} message.`,
    });
    this.failureAlarm(subscriber.name, failures);
  }

  private topic(name: TopicSubscriber['topic']): sns.ITopic {
    switch (name) {
      case 'inbound-sms':
        return this.stateful.inboundSmsTopic;
      default: {
        const unknown: never = name;
        throw new Error(`No topic named ${String(unknown)}`);
      }
    }
  }

  private failureAlarm(functionName: string, failures: FailureQueue): void {
    this.alarm(`${functionName}FailuresVisible`, 'failure-queue-not-empty', {
      metric: failures.queue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      description: `${functionName} gave up on events; they wait in ${functionName}Failures for inspection.`,
    });
  }

  /** An alarm that notifies the alarm topic; `runbook` is its anchor in docs/operations.md. */
  private alarm(
    id: string,
    runbook: string,
    options: Pick<
      cloudwatch.AlarmProps,
      'metric' | 'threshold' | 'datapointsToAlarm' | 'comparisonOperator'
    > & {
      description: string;
      evaluationPeriods?: number;
    },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator: options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Skylark ${this.settings.stage}: ${options.description} Runbook: docs/operations.md#${runbook}`,
    });
    alarm.addAlarmAction(this.alarmAction);
    alarm.addOkAction(this.alarmAction);
    return alarm;
  }
}
