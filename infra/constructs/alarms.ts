/**
 * One way to make an alarm: it notifies the alarm topic when it fires and when it recovers, treats missing data
 * as healthy, and its description names the stage and its runbook anchor in docs/operations.md. Every stack of
 * the API (the parent and each area's nested stack) makes its alarms through one AlarmFactory.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export interface SkylarkAlarmOptions
  extends Pick<cloudwatch.AlarmProps, 'threshold' | 'datapointsToAlarm' | 'comparisonOperator'> {
  metric: cloudwatch.IMetric;
  /** The anchor of the alarm's runbook in docs/operations.md. */
  runbook: string;
  description: string;
  evaluationPeriods?: number;
}

export class AlarmFactory {
  private readonly action: SnsAction;

  constructor(
    private readonly stage: string,
    topic: sns.ITopic,
  ) {
    this.action = new SnsAction(topic);
  }

  /** An alarm named `<id>Alarm` in `scope`. */
  alarm(scope: Construct, id: string, options: SkylarkAlarmOptions): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, `${id}Alarm`, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator: options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        `Skylark ${this.stage}: ${options.description} ` + `Runbook: docs/operations.md#${options.runbook}`,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}

/**
 * `part` as a percentage of `whole`, counted only once `part` reaches `minimum` in the period: a rate alarm on a
 * quiet stage would otherwise fire on one failure out of two requests.
 */
export function percentOnceAtLeast(
  part: cloudwatch.IMetric,
  whole: cloudwatch.IMetric,
  minimum: number,
  label: string,
  period = Duration.minutes(5),
): cloudwatch.MathExpression {
  // Ids unique per label: a graph showing two rates must not see two different metrics under one id.
  const key = label.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const [p, w] = [`part_${key}`, `whole_${key}`];
  return new cloudwatch.MathExpression({
    expression: `IF(${p} >= ${minimum}, 100 * ${p} / ${w}, 0)`,
    usingMetrics: { [p]: part, [w]: whole },
    label,
    period,
  });
}
