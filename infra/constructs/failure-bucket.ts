/**
 * A stream consumer's on-failure destination: an S3 bucket. Unlike an SQS destination, which receives a pointer
 * (shard and sequence numbers) to records that leave the stream after 24 hours, Lambda writes the whole
 * invocation record with the batch's payload to S3, so a failed batch can be replayed weeks later
 * (`npm run replay-failures`, docs/operations.md). S3 request metrics count the objects Lambda writes, for the
 * alarm the owning stack adds.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';

export interface FailureBucketProps {
  /** What ends up in the bucket, for the acknowledgement below. */
  description: string;
  removalPolicy: RemovalPolicy;
  /** Failed batches are kept this long, then expire. */
  retentionDays?: number;
}

const METRICS_FILTER_ID = 'AllFailures';

export class FailureBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: FailureBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 90) }],
      metrics: [{ id: METRICS_FILTER_ID }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        `Only Lambda writes here (${props.description}) and only operators read it, with the replay script; ` +
        'access logs would need a log bucket of their own for a handful of objects a year. CloudTrail records ' +
        'the management calls; the PutRequests metric raises an alarm.',
    });
  }

  /** What Lambda's event source mapping needs, with the function's role, to write a failed batch. */
  grantDestination(role: iam.IRole & IConstruct): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteFailedBatches',
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListFailedBatches',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    // Object keys are chosen by Lambda (aws/lambda/<mapping>/<shard>/<date>/…): this bucket's objects, no more.
    const stack = Stack.of(this);
    const bucketId: unknown = stack.resolve(
      stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${String(bucketId)}.Arn>/*]`,
      reason:
        'Lambda names the failure objects itself (aws/lambda/<mapping id>/<shard>/<date>/...), so PutObject ' +
        "is granted on this bucket's objects; the bucket holds nothing else.",
    });
  }

  /** Objects written (each one a failed batch), from the bucket's request metrics. */
  metricFailuresStored(period = Duration.minutes(5)): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName: 'PutRequests',
      dimensionsMap: { BucketName: this.bucket.bucketName, FilterId: METRICS_FILTER_ID },
      statistic: 'Sum',
      period,
    });
  }
}
