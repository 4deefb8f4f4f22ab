/**
 * Where a function's events go when it gives up on them (a stream consumer's on-failure destination, a topic
 * subscriber's async on-failure destination), so nothing is lost silently. An alarm on its depth is added by the
 * stack that owns the function.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FailureQueueProps {
  /** What ends up in the queue, for the acknowledgement below. */
  description: string;
}

export class FailureQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The maximum: an operator has two weeks to inspect and replay what failed.
      retentionPeriod: Duration.days(14),
    });
    const reason =
      `This queue is itself the dead-letter destination (${props.description}); nothing consumes it ` +
      'automatically, so a second DLQ behind it would never receive anything. Its depth raises an alarm.';
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
    Validations.of(this.queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
  }
}
