/**
 * The export bucket: account archives (POST /v1/me/export) waiting to be downloaded through presigned URLs.
 * Private (public access blocked, bucket-owner objects, no ACLs), encrypted at rest (SSE-S3: a presigned GET
 * needs no KMS grant) and in transit (SSL-only policy), and every object expires after EXPORT_RETENTION_DAYS.
 * Functions get exactly what they need under the `exports/` prefix (docs/operations.md, "Account exports").
 */
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { EXPORT_RETENTION_DAYS } from '#shared/domain/account-lifecycle/account-export';

/** The prefix archiveKeyOf gives every archive. */
const ARCHIVE_PREFIX = 'exports/';

export interface ExportBucketProps {
  removalPolicy: RemovalPolicy;
}

/** What a function role is granted on the archives (the API stack's functions, across stacks). */
export interface ExportArchiveGrants {
  bucketName: string;
  grantWrite(role: iam.IRole & IConstruct): void;
  grantRead(role: iam.IRole & IConstruct): void;
}

export class ExportBucket extends Construct implements ExportArchiveGrants {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ExportBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
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
    return this.bucket.bucketName;
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
      new iam.PolicyStatement({ sid, actions, resources: [this.bucket.arnForObjects(`${ARCHIVE_PREFIX}*`)] }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.objectArnInNag(role)}]`,
      reason:
        'Archive keys are exports/<user id>/<export id>.json, made per request, so the grant is on the exports/ ' +
        'prefix of this bucket, which holds nothing else.',
    });
  }

  /** How cdk-nag spells the archive ARN in the role's stack (a cross-stack reference is an import there). */
  private objectArnInNag(role: IConstruct): string {
    const here = Stack.of(this);
    const bucketId = String(here.resolve(here.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)));
    return Stack.of(role) === here
      ? `<${bucketId}.Arn>/${ARCHIVE_PREFIX}*`
      : `<${bucketId}.Arn>/${ARCHIVE_PREFIX}*`;
  }
}
