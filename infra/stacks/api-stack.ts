/**
 * The stateless half: the HTTP API and its stage, one nested stack per area of the catalog
 * (functions/catalog.ts) holding that area's functions, routes, stream and topic wiring and per-function alarms
 * (infra/stacks/area-stack.ts), and the stage-wide alarms and dashboard. Nothing here is named per function or
 * per area: adding a route, consumer, subscriber or a whole area to the catalog is all it takes to deploy it.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { AccessTokenKeyGrants } from '#infra/constructs/access-token-keys';
import { AlarmFactory } from '#infra/constructs/alarms';
import { ApiMonitoring } from '#infra/constructs/api-monitoring';
import type { ExportArchiveGrants } from '#infra/constructs/export-bucket';
import { originSecretReference } from '#infra/constructs/origin-secret';
import type { SkylarkFunction, SkylarkFunctionShared } from '#infra/constructs/skylark-function';
import { corsOrigins, type DeploySettings } from '#infra/settings';
import { AreaStack, areaOf, areaStackId } from '#infra/stacks/area-stack';
import {
  type HttpRoute,
  routeKey,
  type ScheduledJob,
  type StreamConsumer,
  type TopicSubscriber,
} from '#shared/catalog';
import { CORS_POLICY } from '#shared/http/cors';

/** The lists of functions/catalog.ts; a prop so tests can pass their own. */
export interface FunctionCatalog {
  httpRoutes: readonly HttpRoute[];
  streamConsumers: readonly StreamConsumer[];
  topicSubscribers: readonly TopicSubscriber[];
  /** Optional, so catalogs of tests that predate jobs stay valid. */
  scheduledJobs?: readonly ScheduledJob[];
}

/** What the API stack uses from the stateful stack (StatefulStack satisfies it). */
export interface StatefulResources {
  table: dynamodb.ITable;
  accessTokenKeys: { grants: AccessTokenKeyGrants };
  mailConfigurationSet: ses.IConfigurationSet;
  mailIdentityArns: string[];
  inboundSmsTopic: sns.ITopic;
  alarmTopic: sns.ITopic;
  exportArchives: ExportArchiveGrants;
}

export interface ApiStackProps extends StackProps {
  settings: DeploySettings;
  catalog: FunctionCatalog;
  stateful: StatefulResources;
}

export class ApiStack extends Stack {
  readonly httpApi: apigw.HttpApi;
  /** Every function of the catalog by name, whichever area's stack holds it. */
  readonly functions: ReadonlyMap<string, SkylarkFunction>;
  /** One nested stack per area of the catalog (`functions/<area>/`). */
  readonly areas = new Map<string, AreaStack>();
  readonly monitoring: ApiMonitoring;
  private readonly settings: DeploySettings;
  private readonly shared: SkylarkFunctionShared;
  private readonly removalPolicy: RemovalPolicy;
  private accessLogs!: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings, catalog, stateful } = props;
    this.settings = settings;
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
        MAX_BODY_BYTES: String(settings.maxBodyBytes),
        CORS_ALLOWED_ORIGINS: settings.corsAllowedOrigins,
        // The inbound SMS function rejects records from any other topic.
        SMS_INBOUND_TOPIC_ARN: stateful.inboundSmsTopic.topicArn,
        ...(settings.smsOriginationNumber ? { SMS_ORIGINATION_NUMBER: settings.smsOriginationNumber } : {}),
        ...(settings.smsSenderId ? { SMS_SENDER_ID: settings.smsSenderId } : {}),
        SMS_ALLOWED_COUNTRIES: settings.smsAllowedCountries,
        // A dynamic reference, resolved by CloudFormation: the value is in no template.
        ORIGIN_SECRET: originSecretReference(settings.stage, settings.originSecretVersionId),
        EXPORT_BUCKET: stateful.exportArchives.bucketName,
        ...(settings.accountErasureGraceDays !== undefined
          ? { ACCOUNT_ERASURE_GRACE_DAYS: String(settings.accountErasureGraceDays) }
          : {}),
        ...(settings.rateLimits ? { RATE_LIMITS: JSON.stringify(settings.rateLimits) } : {}),
        POWERTOOLS_SERVICE_NAME: 'skylark',
        POWERTOOLS_METRICS_NAMESPACE: 'Skylark',
        NODE_OPTIONS: '--enable-source-maps',
      },
      logRetention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: this.removalPolicy,
      table: stateful.table,
      accessTokenKeys: stateful.accessTokenKeys.grants,
      exportArchives: stateful.exportArchives,
      reservedConcurrency: settings.reservedConcurrency,
      // The same list as SMS_ALLOWED_COUNTRIES above: AddPhone bundles the phone metadata of these only.
      smsCountries: settings.smsAllowedCountries.split(','),
      mail: {
        identityArns: stateful.mailIdentityArns,
        configurationSetArn: this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: configurationSetName,
        }),
      },
    };

    const alarms = new AlarmFactory(settings.stage, stateful.alarmTopic);
    const registry = new Map<string, SkylarkFunction>();
    const areaStack = (entry: string): AreaStack => {
      const area = areaOf(entry);
      let stack = this.areas.get(area);
      if (!stack) {
        stack = new AreaStack(this, areaStackId(area), {
          area,
          httpApi: this.httpApi,
          shared: this.shared,
          stateful,
          alarms,
          removalPolicy: this.removalPolicy,
          registry,
        });
        this.areas.set(area, stack);
      }
      return stack;
    };
    for (const route of catalog.httpRoutes) areaStack(route.entry).addRoute(route);
    for (const consumer of catalog.streamConsumers) areaStack(consumer.entry).addStreamConsumer(consumer);
    for (const subscriber of catalog.topicSubscribers)
      areaStack(subscriber.entry).addTopicSubscriber(subscriber);
    for (const job of catalog.scheduledJobs ?? []) areaStack(job.entry).addScheduledJob(job);
    this.functions = registry;
    this.throttleRoutes(catalog.httpRoutes);

    // Outputs of nested stacks are not shown by `cdk deploy`: the operator's values are output here.
    for (const area of this.areas.values()) {
      for (const [name, failures] of area.failureBuckets) {
        new CfnOutput(this, `${name}FailureBucket`, {
          description: `Failed batches of ${name}, for npm run replay-failures`,
          value: failures.bucket.bucketName,
        });
      }
    }

    this.monitoring = new ApiMonitoring(this, 'Monitoring', {
      settings,
      alarms,
      httpApi: this.httpApi,
      accessLogs: this.accessLogs,
      table: stateful.table,
      areas: [...this.areas.values()],
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
    this.accessLogs = accessLogs;
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
}
