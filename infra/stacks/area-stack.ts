/**
 * One area of the catalog (`functions/<area>/`) as a nested stack of the API stack: its functions, and what
 * each function needs beside it — the HTTP API integrations and routes that invoke it (with their invoke
 * permission), the stream mappings and failure buckets, the topic subscriptions and failure queues, and its
 * alarms. CloudFormation allows 500 resources a stack; a nested stack counts as one in its parent, so the API
 * grows by areas instead of filling one template (test/infra/stack-limits.test.ts keeps every stack under a
 * margin). Which area an entry belongs to follows from its path (`areaOf`): adding a route or a whole area to
 * the catalog needs no edit here.
 */
import { Duration, NestedStack, type NestedStackProps, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { type AlarmFactory, percentOnceAtLeast } from '#infra/constructs/alarms';
import { FailureBucket } from '#infra/constructs/failure-bucket';
import { FailureQueue } from '#infra/constructs/failure-queue';
import { JobSchedule } from '#infra/constructs/scheduled-job';
import { SkylarkFunction, type SkylarkFunctionShared } from '#infra/constructs/skylark-function';
import {
  type HttpRoute,
  routeKey,
  type ScheduledJob,
  type StreamConsumer,
  type TopicSubscriber,
} from '#shared/catalog';
import type { StatefulResources } from './api-stack';

/** Alarm thresholds of every function; docs/operations.md has the runbook of each. */
export const FUNCTION_ALARMS = {
  /** A consumer more than a minute behind means timelines are visibly stale. */
  iteratorAgeMs: 60_000,
  /** Failed invocations as a share of all, once at least `errorsMinimum` failed in five minutes. */
  errorRatePercent: 5,
  errorsMinimum: 3,
} as const;

/** Matches the HttpMethod of shared/catalog.ts to API Gateway's enum. */
const HTTP_METHODS = {
  GET: apigw.HttpMethod.GET,
  POST: apigw.HttpMethod.POST,
  PUT: apigw.HttpMethod.PUT,
  PATCH: apigw.HttpMethod.PATCH,
  DELETE: apigw.HttpMethod.DELETE,
} as const satisfies Record<HttpRoute['method'], apigw.HttpMethod>;

/** `functions/<area>/…` → `<area>`: the area an entry belongs to, and so its nested stack. */
export function areaOf(entry: string): string {
  const match = /^functions\/([a-z][a-z0-9-]*)\//.exec(entry);
  if (!match?.[1]) throw new Error(`Catalog entry ${entry} is not in functions/<area>/`);
  return match[1];
}

/** `engagement` → `Engagement`, `follow-requests` → `FollowRequests`: the nested stack's construct id. */
export function areaStackId(area: string): string {
  return area
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

export interface AreaStackProps extends NestedStackProps {
  area: string;
  httpApi: apigw.IHttpApi;
  shared: SkylarkFunctionShared;
  stateful: StatefulResources;
  alarms: AlarmFactory;
  removalPolicy: RemovalPolicy;
  /** Every function of the API, across areas: a name may be declared once. */
  registry: Map<string, SkylarkFunction>;
}

export class AreaStack extends NestedStack {
  readonly area: string;
  /** This area's functions by catalog name. */
  readonly functions = new Map<string, SkylarkFunction>();
  /** The failure bucket of each stream consumer, by consumer name (the parent outputs their names). */
  readonly failureBuckets = new Map<string, FailureBucket>();
  private readonly integrations = new Map<string, HttpLambdaIntegration>();
  private readonly props: AreaStackProps;

  constructor(scope: Construct, id: string, props: AreaStackProps) {
    super(scope, id, { description: `Skylark: functions/${props.area}`, ...props });
    this.area = props.area;
    this.props = props;
  }

  /**
   * Routes that name the same function (same name and entry, e.g. the Mastodon surface's few functions that each
   * serve many routes and dispatch on the route key) share one function and one integration.
   */
  addRoute(route: HttpRoute): void {
    let integration = this.integrations.get(route.name);
    const existing = this.functions.get(route.name);
    if (!integration || !existing || existing.settings.entry !== route.entry) {
      const fn = this.createFunction(route);
      integration = new HttpLambdaIntegration(`${route.name}Integration`, fn.function, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        // One invoke permission per function for this API (not one per route): a function serving many routes
        // (the Mastodon API) would otherwise take one resource a route.
        scopePermissionToRoute: false,
      });
      this.integrations.set(route.name, integration);
    }
    // In this stack, beside the integration it names, rather than under the HttpApi in the parent.
    const created = new apigw.HttpRoute(this, `${route.method}${route.path}`, {
      httpApi: this.props.httpApi,
      routeKey: apigw.HttpRouteKey.with(route.path, HTTP_METHODS[route.method]),
      integration,
    });
    Validations.of(created).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        route.auth !== 'none'
          ? `${routeKey(route)} requires a bearer token, verified by the function's middleware (jose, ES256 public keys ` +
            'from SSM): Skylark issues its own JWTs, so there is no Cognito pool or JWT issuer for an authorizer.'
          : `${routeKey(route)} is public by design (sign-up, sign-in, public profiles and posts, health).`,
    });
  }

  addStreamConsumer(consumer: StreamConsumer): void {
    const fn = this.createFunction(
      consumer,
      'A stream consumer: its event source mapping sends failed batches, whole, to the S3 failure bucket (a DLQ ' +
        'applies to asynchronous invocations only).',
    );
    const failures = new FailureBucket(this, `${consumer.name}Failures`, {
      description: `stream batches ${consumer.name} could not process`,
      removalPolicy: this.props.removalPolicy,
    });
    this.failureBuckets.set(consumer.name, failures);
    const streamArn = this.props.stateful.table.tableStreamArn;
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

    const { alarms } = this.props;
    alarms.alarm(this, `${consumer.name}IteratorAge`, {
      runbook: 'stream-consumer-iterator-age',
      metric: fn.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: FUNCTION_ALARMS.iteratorAgeMs,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      description: `${consumer.name} is more than ${FUNCTION_ALARMS.iteratorAgeMs / 1000} s behind the table stream.`,
    });
    alarms.alarm(this, `${consumer.name}Errors`, {
      runbook: 'stream-consumer-errors',
      metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      description: `${consumer.name} failed whole invocations (crash or timeout), not single records.`,
    });
    alarms.alarm(this, `${consumer.name}FailuresStored`, {
      runbook: 'stream-failures-stored',
      metric: failures.metricFailuresStored(),
      threshold: 0,
      description: `${consumer.name} gave up on a batch; its records wait in the ${consumer.name}FailureBucket.`,
    });
  }

  addTopicSubscriber(subscriber: TopicSubscriber): void {
    const fn = this.createFunction(
      subscriber,
      'Its asynchronous invocations have an on-failure destination (the SQS failure queue), which supersedes a DLQ.',
    );
    // SNS invokes asynchronously: after Lambda's own retries, the event goes to a queue instead of being lost.
    // The same queue takes what SNS could not deliver to Lambda at all (the subscription's redrive policy).
    const failures = new FailureQueue(this, `${subscriber.name}Failures`, {
      description: `${subscriber.topic} messages ${subscriber.name} could not process`,
    });
    this.topic(subscriber.topic).addSubscription(
      new LambdaSubscription(fn.function, { deadLetterQueue: failures.queue }),
    );
    fn.function.configureAsyncInvoke({
      onFailure: new SqsDestination(failures.queue),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });

    const { alarms } = this.props;
    alarms.alarm(this, `${subscriber.name}Errors`, {
      runbook: 'topic-subscriber-errors',
      metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      description: `${subscriber.name} failed on a ${subscriber.topic} message.`,
    });
    alarms.alarm(this, `${subscriber.name}FailuresVisible`, {
      runbook: 'failure-queue-not-empty',
      metric: failures.queue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      description: `${subscriber.name} gave up on events; they wait in ${subscriber.name}Failures for inspection.`,
    });
  }

  addScheduledJob(job: ScheduledJob): void {
    const fn = this.createFunction(
      job,
      'A job is idempotent and works from the table: the next run does what a failed one left, and failed runs alarm.',
    );
    new JobSchedule(this, `${job.name}Schedule`, { job, function: fn.function });
    this.props.alarms.alarm(this, `${job.name}Errors`, {
      runbook: 'scheduled-job-errors',
      metric: fn.function.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 0,
      description: `${job.name} failed a run (the next run carries on; see the function's logs).`,
    });
  }

  private createFunction(
    settings: HttpRoute | StreamConsumer | TopicSubscriber | ScheduledJob,
    failures?: string,
  ): SkylarkFunction {
    const { registry } = this.props;
    if (registry.has(settings.name)) {
      throw new Error(`Function name ${settings.name} is declared twice in the catalog`);
    }
    const fn = new SkylarkFunction(this, settings.name, { settings, shared: this.props.shared, failures });
    registry.set(settings.name, fn);
    this.functions.set(settings.name, fn);
    this.alarmOnFunction(fn);
    return fn;
  }

  /** What every function is watched for: failing invocations as a rate, and throttling. */
  private alarmOnFunction(fn: SkylarkFunction): void {
    const { alarms } = this.props;
    const { name } = fn.settings;
    const period = Duration.minutes(5);
    alarms.alarm(this, `${name}ErrorRate`, {
      runbook: 'function-error-rate',
      metric: percentOnceAtLeast(
        fn.function.metricErrors({ period, statistic: 'Sum' }),
        fn.function.metricInvocations({ period, statistic: 'Sum' }),
        FUNCTION_ALARMS.errorsMinimum,
        `${name} errors (%)`,
      ),
      threshold: FUNCTION_ALARMS.errorRatePercent,
      description:
        `More than ${FUNCTION_ALARMS.errorRatePercent} % of ${name}'s invocations failed in 5 minutes ` +
        `(at least ${FUNCTION_ALARMS.errorsMinimum} failures).`,
    });
    alarms.alarm(this, `${name}Throttles`, {
      runbook: 'function-throttles',
      metric: fn.function.metricThrottles({ period, statistic: 'Sum' }),
      threshold: 0,
      description: `Lambda refused to run ${name} (concurrency exhausted) in the last 5 minutes.`,
    });
  }

  private topic(name: TopicSubscriber['topic']): sns.ITopic {
    switch (name) {
      case 'inbound-sms':
        return this.props.stateful.inboundSmsTopic;
      default: {
        const unknown: never = name;
        throw new Error(`No topic named ${String(unknown)}`);
      }
    }
  }
}
