/**
 * The stage-wide alarms and the one CloudWatch dashboard. Per-function alarms (error rate, throttles, stream and
 * subscriber failures) live beside their functions in each area's stack (infra/stacks/area-stack.ts); these
 * watch what no single function owns: the HTTP API, the account's Lambda concurrency, the table, mail
 * reputation and SMS. Hand-written rather than cdk-monitoring-constructs: the set is small, each alarm links its
 * runbook in docs/operations.md, and the library would be one more dependency to keep in step with aws-cdk-lib.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DeploySettings } from '#infra/settings';
import type { AreaStack } from '#infra/stacks/area-stack';
import { TABLE } from '#shared/db/table';
import { type AlarmFactory, percentOnceAtLeast } from './alarms';

/** Thresholds of the stage-wide alarms (docs/operations.md has the runbook of each). */
export const STAGE_ALARMS = {
  api5xxPercent: 1,
  api5xxMinimum: 5,
  apiLatencyP99Ms: 3_000,
  api4xxPercent: 50,
  api4xxMinimumRequests: 100,
  /** 429s (API Gateway's throttles and the application's rate limits) in 5 minutes. */
  api429PerFiveMinutes: 100,
  /** SES pauses sending at 10 % bounces and 0.5 % complaints: these leave time to act. */
  mailBounceRate: 0.05,
  mailComplaintRate: 0.001,
  /** SMS that could not be sent (the API refused, or the carrier did not deliver) in an hour. */
  smsFailedPerHour: 5,
} as const;

/** The access-log metric of 429 answers (metric filter), in the stage's own namespace. */
export const RATE_LIMITED_METRIC = 'ApiRateLimited';

export interface ApiMonitoringProps {
  settings: DeploySettings;
  alarms: AlarmFactory;
  httpApi: apigw.IHttpApi;
  accessLogs: logs.ILogGroup;
  table: dynamodb.ITable;
  areas: readonly AreaStack[];
}

export class ApiMonitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  private readonly props: ApiMonitoringProps;
  private readonly stageAlarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ApiMonitoringProps) {
    super(scope, id);
    this.props = props;
    const { settings, httpApi } = props;
    const fiveMinutes = Duration.minutes(5);
    const hour = Duration.hours(1);
    const requests = httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' });

    const api5xx = percentOnceAtLeast(
      httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      requests,
      STAGE_ALARMS.api5xxMinimum,
      '5xx (%)',
    );
    this.alarm('Api5xxRate', {
      runbook: 'api-5xx',
      metric: api5xx,
      threshold: STAGE_ALARMS.api5xxPercent,
      description:
        `More than ${STAGE_ALARMS.api5xxPercent} % of API responses were 5xx in 5 minutes ` +
        `(at least ${STAGE_ALARMS.api5xxMinimum}).`,
    });
    const latency = httpApi.metricLatency({ period: fiveMinutes, statistic: 'p99' });
    this.alarm('ApiLatencyP99', {
      runbook: 'api-latency',
      metric: latency,
      threshold: STAGE_ALARMS.apiLatencyP99Ms,
      evaluationPeriods: 3,
      description: `The API's p99 latency stayed above ${STAGE_ALARMS.apiLatencyP99Ms} ms for 15 minutes.`,
    });
    const api4xx = percentOnceAtLeast(
      httpApi.metricClientError({ period: fiveMinutes, statistic: 'Sum' }),
      requests,
      STAGE_ALARMS.api4xxMinimumRequests,
      '4xx (%)',
    );
    this.alarm('Api4xxSurge', {
      runbook: 'api-4xx-surge',
      metric: api4xx,
      threshold: STAGE_ALARMS.api4xxPercent,
      description: `More than ${STAGE_ALARMS.api4xxPercent} % of API responses were 4xx in 5 minutes.`,
    });
    // HTTP APIs publish no per-status metric: count 429s from the access log (stage throttles and the
    // application's own rate limits alike).
    const rateLimited = new logs.MetricFilter(this, 'RateLimitedAnswers', {
      logGroup: props.accessLogs,
      filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: `Skylark/${settings.stage}`,
      metricName: RATE_LIMITED_METRIC,
      metricValue: '1',
    }).metric({ period: fiveMinutes, statistic: 'Sum' });
    this.alarm('Api429Surge', {
      runbook: 'api-429-surge',
      metric: rateLimited,
      threshold: STAGE_ALARMS.api429PerFiveMinutes,
      description: `More than ${STAGE_ALARMS.api429PerFiveMinutes} answers were 429 in 5 minutes.`,
    });

    // Account-wide: every function of every stage in the region shares this pool.
    const concurrency = new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'ConcurrentExecutions',
      statistic: 'Maximum',
      period: Duration.minutes(1),
    });
    this.alarm('AccountConcurrency', {
      runbook: 'account-concurrency',
      metric: concurrency,
      threshold: settings.lambdaConcurrencyAlarm,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      description: `Lambda ran more than ${settings.lambdaConcurrencyAlarm} functions at once in the region.`,
    });

    const throttles = this.tableThrottles();
    this.alarm('DynamoDbThrottles', {
      runbook: 'dynamodb-throttles',
      metric: throttles,
      threshold: 0,
      description: 'DynamoDB throttled requests to the table or its indexes in the last 5 minutes.',
    });

    // SES's own reputation figures for the account in this region: what SES pauses sending on.
    const bounceRate = sesReputation('Reputation.BounceRate');
    const complaintRate = sesReputation('Reputation.ComplaintRate');
    this.alarm('MailBounceRate', {
      runbook: 'mail-bounce-rate',
      metric: bounceRate,
      threshold: STAGE_ALARMS.mailBounceRate,
      description: `SES bounce rate above ${STAGE_ALARMS.mailBounceRate * 100} % (SES pauses at 10 %).`,
    });
    this.alarm('MailComplaintRate', {
      runbook: 'mail-complaint-rate',
      metric: complaintRate,
      threshold: STAGE_ALARMS.mailComplaintRate,
      description: `SES complaint rate above ${STAGE_ALARMS.mailComplaintRate * 100} % (SES pauses at 0.5 %).`,
    });

    // SNS reports the account's SMS spending of the month in the region; the limit stops every SMS when reached.
    const smsSpend = new cloudwatch.Metric({
      namespace: 'AWS/SNS',
      metricName: 'SMSMonthToDateSpentUSD',
      statistic: 'Maximum',
      period: hour,
    });
    this.alarm('SmsSpend', {
      runbook: 'sms-spend',
      metric: smsSpend,
      threshold: settings.smsSpendAlarmUsd,
      description: `SMS spending this month is above USD ${settings.smsSpendAlarmUsd}.`,
    });
    // An hourly count well above normal is the signature of SMS pumping (docs/operations.md#sms-sent-per-hour).
    const smsSent = skylarkMetric('SmsSent', hour);
    this.alarm('SmsSentPerHour', {
      runbook: 'sms-sent-per-hour',
      metric: smsSent,
      threshold: settings.smsHourlyAlarm,
      description: `More than ${settings.smsHourlyAlarm} SMS sent in an hour.`,
    });
    const smsFailed = new cloudwatch.MathExpression({
      expression: 'SUM([FILL(refused, 0), FILL(undelivered, 0)])',
      usingMetrics: {
        refused: skylarkMetric('SmsFailed', hour),
        // SMS published straight to phone numbers, as Skylark does.
        undelivered: new cloudwatch.Metric({
          namespace: 'AWS/SNS',
          metricName: 'NumberOfNotificationsFailed',
          dimensionsMap: { PhoneNumber: 'PhoneNumberDirect' },
          statistic: 'Sum',
          period: hour,
        }),
      },
      label: 'SMS failed',
      period: hour,
    });
    this.alarm('SmsFailed', {
      runbook: 'sms-failed',
      metric: smsFailed,
      threshold: STAGE_ALARMS.smsFailedPerHour,
      description: `More than ${STAGE_ALARMS.smsFailedPerHour} SMS failed (refused or undelivered) in an hour.`,
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `skylark-${settings.stage}`,
      defaultInterval: Duration.hours(3),
    });
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Stage-wide alarms',
        alarms: this.stageAlarms,
        width: 24,
        height: 3,
      }),
    );
    this.dashboard.addWidgets(
      graph('API requests', [requests], [rateLimited]),
      graph('API errors (%)', [api5xx, api4xx]),
      graph('API latency', [latency, httpApi.metricLatency({ period: fiveMinutes, statistic: 'p50' })]),
    );
    this.dashboard.addWidgets(
      graph('Lambda concurrency (account)', [concurrency]),
      graph('DynamoDB throttled events', [throttles]),
      graph('Mail reputation', [bounceRate, complaintRate]),
    );
    this.dashboard.addWidgets(
      graph('SMS sent per hour', [smsSent], [smsSpend]),
      graph('SMS failed per hour', [smsFailed]),
      graph(
        'Stream reader lag (ms)',
        props.areas.flatMap((area) =>
          [...area.failureBuckets.keys()].map((name) =>
            required(area.functions.get(name)).function.metric('IteratorAge', {
              statistic: 'Maximum',
              period: Duration.minutes(1),
            }),
          ),
        ),
      ),
    );
    // One row of graphs per area: invocations, errors and throttles of each of its functions.
    for (const area of props.areas) {
      const functions = [...area.functions.values()].map((fn) => fn.function);
      const period = fiveMinutes;
      this.dashboard.addWidgets(
        graph(
          `${area.area}: invocations`,
          functions.map((fn) => fn.metricInvocations({ period, statistic: 'Sum' })),
        ),
        graph(
          `${area.area}: errors`,
          functions.map((fn) => fn.metricErrors({ period, statistic: 'Sum' })),
        ),
        graph(
          `${area.area}: throttles`,
          functions.map((fn) => fn.metricThrottles({ period, statistic: 'Sum' })),
        ),
      );
    }
  }

  private alarm(id: string, options: Parameters<AlarmFactory['alarm']>[2]): void {
    this.stageAlarms.push(this.props.alarms.alarm(this, id, options));
  }

  /** Read and write throttle events of the table and each of its indexes, summed. */
  private tableThrottles(): cloudwatch.MathExpression {
    const { table } = this.props;
    const period = Duration.minutes(5);
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    const targets = [undefined, ...TABLE.globalSecondaryIndexes.map((index) => index.name)];
    targets.forEach((indexName, position) => {
      for (const [prefix, metricName] of [
        ['read', 'ReadThrottleEvents'],
        ['write', 'WriteThrottleEvents'],
      ] as const) {
        usingMetrics[`${prefix}${position}`] = new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap: {
            TableName: table.tableName,
            ...(indexName ? { GlobalSecondaryIndexName: indexName } : {}),
          },
          statistic: 'Sum',
          period,
        });
      }
    });
    const ids = Object.keys(usingMetrics).map((metricId) => `FILL(${metricId}, 0)`);
    return new cloudwatch.MathExpression({
      expression: `SUM([${ids.join(', ')}])`,
      usingMetrics,
      label: 'throttled events',
      period,
    });
  }
}

function sesReputation(metricName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/SES',
    metricName,
    statistic: 'Maximum',
    period: Duration.hours(1),
  });
}

/** A metric the functions publish with Powertools (namespace Skylark, dimension service). */
function skylarkMetric(metricName: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'Skylark',
    metricName,
    dimensionsMap: { service: 'skylark' },
    statistic: 'Sum',
    period,
  });
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('ApiMonitoring: a stream reader without its function');
  return value;
}
