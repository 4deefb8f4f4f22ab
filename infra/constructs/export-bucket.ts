/**
 * The export bucket: account archives (POST /v1/me/export) waiting to be downloaded through presigned URLs.
 * Private (public access blocked, bucket-owner objects, no ACLs), encrypted at rest (SSE-S3: a presigned GET
 * needs no KMS grant) and in transit (SSL-only policy), and every object expires after EXPORT_RETENTION_DAYS.
 * Functions get exactly what they need under the `exports/` prefix (docs/operations.md, "Account exports").
 */
import { Aws, Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { EXPORT_RETENTION_DAYS } from '#shared/domain/account-lifecycle/account-export';

/** The prefix archiveKeyOf gives every archive. */
const ARCHIVE_PREFIX = 'exports/';

export interface ExportBucketProps {
  stage: string;
  removalPolicy: RemovalPolicy;
}

/**
 * The bucket's name, from the stage, account and region (at most 63 characters for a 20-character stage):
 * known to every stack without a cross-stack reference, so the API stack's grants name it directly.
 */
function exportBucketName(stage: string, pseudo: { account: string; region: string }): string {
  return `skylark-${stage}-export-${pseudo.account}-${pseudo.region}`;
}

/** What a function role is granted on the archives (the API stack's functions, across stacks). */
export interface ExportArchiveGrants {
  bucketName: string;
  grantWrite(role: iam.IRole & IConstruct): void;
  grantRead(role: iam.IRole & IConstruct): void;
}

export class ExportBucket extends Construct implements ExportArchiveGrants {
  readonly bucket: s3.Bucket;
  private readonly name: string;
  /** The name as cdk-nag spells it in a finding id. */
  private readonly nagName: string;

  constructor(scope: Construct, id: string, props: ExportBucketProps) {
    super(scope, id);
    this.name = exportBucketName(props.stage, { account: Aws.ACCOUNT_ID, region: Aws.REGION });
    this.nagName = exportBucketName(props.stage, { account: '<AWS::AccountId>', region: '<AWS::Region>' });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: this.name,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'ExpireArchives',
          expiration: Duration.days(EXPORT_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Archives are written by one function and fetched once through presigned URLs that expire in 15 minutes; ' +
        'objects live 7 days. Server access logs would need a bucket of their own and would keep, for longer than ' +
        'the archives themselves, which account downloaded what; CloudTrail data events can be enabled instead.',
    });
  }

  get bucketName(): string {
    return this.name;
  }

  /** The export build and the erasure: write and delete archives. */
  grantWrite(role: iam.IRole & IConstruct): void {
    this.grant(role, 'WriteAccountArchives', ['s3:PutObject', 's3:DeleteObject']);
  }

  /** What presigning a download link needs: the link is signed with the role's credentials. */
  grantRead(role: iam.IRole & IConstruct): void {
    this.grant(role, 'ReadAccountArchives', ['s3:GetObject']);
  }

  private grant(role: iam.IRole & IConstruct, sid: string, actions: string[]): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid,
        actions,
        resources: [`arn:${Aws.PARTITION}:s3:::${this.name}/${ARCHIVE_PREFIX}*`],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${this.nagName}/${ARCHIVE_PREFIX}*]`,
      reason:
        'Archive keys are exports/<user id>/<export id>.json, made per request, so the grant is on the exports/ ' +
        'prefix of this bucket, which holds nothing else.',
    });
  }
}
