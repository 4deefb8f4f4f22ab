/**
 * A catalog ScheduledJob in AWS: an EventBridge rule invoking its function every `everyMinutes` (locally the
 * same handler runs on a timer: local/job-timer.ts). No dead-letter queue: a job is idempotent and works from
 * the table's state, so the next run does whatever a failed one left; failed runs raise an alarm instead.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ScheduledJob } from '#shared/catalog';

export interface JobScheduleProps {
  job: ScheduledJob;
  function: lambda.IFunction;
}

export class JobSchedule extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: JobScheduleProps) {
    super(scope, id);
    const { job } = props;
    this.rule = new events.Rule(this, 'Rule', {
      description: `Skylark ${job.name}, every ${job.everyMinutes} minutes`,
      schedule: events.Schedule.rate(Duration.minutes(job.everyMinutes)),
      // A run that overlaps the next one is harmless (idempotent), so Lambda's own async retries are not needed.
      targets: [new targets.LambdaFunction(props.function, { retryAttempts: 0 })],
    });
    Validations.of(this.rule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason:
        'A scheduled run carries no data to keep: the job works from the table, the next run does what a missed or ' +
        "failed one left, and failed runs raise the job's Errors alarm.",
    });
  }
}
