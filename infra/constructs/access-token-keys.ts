/**
 * The access-token keys in AWS: ES256 keys in KMS (ECC_NIST_P256, SIGN_VERIFY), created and rotated by a small
 * function on a schedule, and the key set (public keys and KMS key ids) in one table item (`CONFIG` /
 * `ACCESS_TOKEN_KEYS`) that every function reads with the DynamoDB client it already has. The keys are made at
 * run time, not by CloudFormation, so a rotation needs no deploy; they are tagged with the stage, and IAM grants
 * follow the tag:
 * - 'issue-tokens' functions: kms:Sign (ECDSA_SHA_256) on the stage's keys, and read the set;
 * - 'verify-tokens' functions: read the set (GetItem in the `CONFIG` partition), nothing else (no secret, no KMS);
 * - the rotation: create tagged keys, read their public keys, schedule retired ones for deletion, write the set.
 */
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { keySetItemConditions, SkylarkFunction } from '#infra/constructs/skylark-function';
import { KEY_SET_CACHE_SECONDS } from '#shared/adapters/signing-key';
import { KEY_SET_PARTITION } from '#shared/db/keys';
import { ACCESS_TOKEN_TTL_SECONDS } from '#shared/domain/accounts/deps';

/** What a function's grants need to know about the keys (SkylarkFunction turns capabilities into these). */
export interface AccessTokenKeyGrants {
  /** The table holding the key-set item; grants are narrowed to its `CONFIG` partition. */
  tableArn: string;
  /** Every KMS key of the account and region: narrowed to the stage's keys by the tag condition. */
  keyArnPattern: string;
  tag: { key: string; value: string };
}

/** Tokens signed just before a rotation must keep verifying: their lifetime, the 5-minute cache, a margin. */
export const ROTATION_OVERLAP_SECONDS = ACCESS_TOKEN_TTL_SECONDS + KEY_SET_CACHE_SECONDS + 2_400;

export const KEY_TAG_KEY = 'skylark:access-token-key';

export interface AccessTokenKeysProps {
  stage: string;
  rotationDays: number;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
  table: dynamodb.ITable;
  mail: { identityArns: string[]; configurationSetArn: string };
}

export class AccessTokenKeys extends Construct {
  readonly grants: AccessTokenKeyGrants;
  readonly rotation: SkylarkFunction;

  constructor(scope: Construct, id: string, props: AccessTokenKeysProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Where deployments before the table item kept the set; the rotation copies it over once.
    const legacyParameterName = `/skylark/${props.stage}/access-token-keys`;
    this.grants = {
      tableArn: props.table.tableArn,
      keyArnPattern: stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' }),
      tag: { key: KEY_TAG_KEY, value: props.stage },
    };

    this.rotation = new SkylarkFunction(this, 'RotateAccessTokenKeys', {
      settings: {
        name: 'RotateAccessTokenKeys',
        entry: 'infra/functions/rotate-signing-keys.ts',
        uses: [],
        timeoutSeconds: 60,
      },
      failures:
        'Invoked by its EventBridge schedule (two retries) and by CloudFormation (synchronous): a failed rotation ' +
        'leaves the published key set valid, the next run rotates, and its errors raise the ' +
        'AccessTokenKeyRotationErrors alarm; there is no event worth keeping.',
      shared: {
        environment: {
          TABLE_NAME: props.table.tableName,
          LEGACY_ACCESS_TOKEN_KEYS_PARAMETER: legacyParameterName,
          KEY_TAG_KEY,
          KEY_TAG_VALUE: props.stage,
          OVERLAP_SECONDS: String(ROTATION_OVERLAP_SECONDS),
          NODE_OPTIONS: '--enable-source-maps',
        },
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
        table: props.table,
        accessTokenKeys: this.grants,
        mail: props.mail,
      },
    });
    const rotation = this.rotation;
    rotation.addWildcardStatement(
      new iam.PolicyStatement({
        sid: 'CreateStageSigningKeys',
        actions: ['kms:CreateKey', 'kms:TagResource'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            [`aws:RequestTag/${KEY_TAG_KEY}`]: props.stage,
            'kms:KeySpec': 'ECC_NIST_P256',
            'kms:KeyUsage': 'SIGN_VERIFY',
          },
          'ForAllValues:StringEquals': { 'aws:TagKeys': [KEY_TAG_KEY] },
        },
      }),
      'kms:CreateKey names no resource (the key does not exist yet); the conditions limit it to ECC_NIST_P256 ' +
        'SIGN_VERIFY keys tagged with this stage, and TagResource to that tag.',
    );
    rotation.addWildcardStatement(
      new iam.PolicyStatement({
        sid: 'ManageStageSigningKeys',
        actions: ['kms:GetPublicKey', 'kms:ScheduleKeyDeletion'],
        resources: [this.grants.keyArnPattern],
        conditions: { StringEquals: { [`aws:ResourceTag/${KEY_TAG_KEY}`]: props.stage } },
      }),
      'The signing keys are created at run time by this rotation, so their ids are unknown at deploy; the ' +
        "aws:ResourceTag condition limits the statement to this stage's keys.",
      this.grants.keyArnPattern,
    );
    rotation.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteTheKeySet',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: keySetItemConditions(),
      }),
    );
    rotation.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTheLegacyKeySet',
        actions: ['ssm:GetParameter'],
        resources: [
          stack.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: legacyParameterName.slice(1),
          }),
        ],
      }),
    );

    // Creates the first keys (a current and a next) when the stack is created; a no-op afterwards.
    new CustomResource(this, 'KeySet', {
      serviceToken: this.rotation.function.functionArn,
      properties: { keySetItem: `${KEY_SET_PARTITION}/ACCESS_TOKEN_KEYS` },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const schedule = new events.Rule(this, 'Schedule', {
      description: `Rotates Skylark ${props.stage}'s access-token keys`,
      schedule: events.Schedule.rate(Duration.days(props.rotationDays)),
      targets: [
        new targets.LambdaFunction(this.rotation.function, {
          event: events.RuleTargetInput.fromObject({ action: 'rotate' }),
          retryAttempts: 2,
        }),
      ],
    });
    Validations.of(schedule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason:
        'The event is a constant {"action":"rotate"}: a dead-letter copy of it would hold nothing to replay. A ' +
        'failed rotation raises the AccessTokenKeyRotationErrors alarm and the next scheduled run rotates.',
    });
  }
}
