/**
 * The one place function defaults are set: every Lambda in Skylark (route, stream consumer, topic subscriber)
 * is a SkylarkFunction built from its catalog entry (shared/catalog.ts FunctionSettings). Runtime, architecture,
 * tracing, bundling, logs, environment and least-privilege grants are decided here and nowhere else.
 */

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AccessTokenKeyGrants } from '#infra/constructs/access-token-keys';
import type { ExportArchiveGrants } from '#infra/constructs/export-bucket';
import { type AuthMode, type Capability, capabilitiesOf, type FunctionSettings } from '#shared/catalog';
import { KEY_SET_PARTITION } from '#shared/db/keys';
import { TABLE } from '#shared/db/table';
import { BUNDLE_SOURCE_MAPS, BUNDLE_TARGET, bundleAliases, ESM_REQUIRE_BANNER } from './function-bundle';
import { nagResourceName } from './nag';

/** Entries in the catalog are relative to the repository root, not to infra/. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const FUNCTION_DEFAULTS = {
  runtime: lambda.Runtime.NODEJS_22_X,
  architecture: lambda.Architecture.ARM_64,
  memoryMb: 512,
  timeoutSeconds: 10,
} as const;

/**
 * Table actions by capability. Written out instead of grantReadData/grantReadWriteData for two reasons: the
 * index ARNs are named from TABLE instead of `index/*`, and Scan is left out (STYLE: no Scan on anything a user
 * can call; IAM makes that a rule rather than a convention). Transactions need no action of their own: IAM
 * checks each item's PutItem/UpdateItem/DeleteItem/ConditionCheckItem.
 */
const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** What every function shares: the stateful resources grants point at, and the settings from context. */
export interface SkylarkFunctionShared {
  /** Every function gets the same environment: shared/config.ts parses all of it at cold start. */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** Of the function's log group. */
  removalPolicy: RemovalPolicy;
  table: dynamodb.ITable;
  accessTokenKeys: AccessTokenKeyGrants;
  /** The export bucket (infra/constructs/export-bucket.ts): its grants on the archives. */
  exportArchives?: ExportArchiveGrants;
  /** Reserved concurrency by function name (context `reservedConcurrency`); others share the account pool. */
  reservedConcurrency?: Readonly<Record<string, number>>;
  /**
   * The countries SMS go to (SMS_ALLOWED_COUNTRIES): bundles carry only their calling codes' phone metadata
   * (./phone-metadata.ts). Default: DEFAULT_SMS_COUNTRIES.
   */
  smsCountries?: readonly string[];
  mail: {
    /** SES identity ARNs the From address may be authorised by (the address and its domain). */
    identityArns: string[];
    configurationSetArn: string;
  };
}

export interface SkylarkFunctionProps {
  /** A route's auth mode is part of its settings: a route that reads tokens is granted their verification. */
  settings: FunctionSettings & { auth?: AuthMode };
  shared: SkylarkFunctionShared;
  /**
   * Where the events of an asynchronously invoked function go when it gives up (for cdk-nag's DLQ rule):
   * unset for synchronous functions.
   */
  failures?: string;
}

export class SkylarkFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly settings: FunctionSettings;

  constructor(scope: Construct, id: string, props: SkylarkFunctionProps) {
    super(scope, id);
    const { settings, shared } = props;
    this.settings = settings;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: shared.logRetention,
      removalPolicy: shared.removalPolicy,
    });
    // An own role instead of the AWSLambdaBasicExecutionRole managed policy: it may write to its own log group
    // only, not create or write any log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Skylark ${settings.name}`,
      // Inline in the role rather than an AWS::IAM::Policy of its own: one resource fewer per function, and
      // the API stack is near CloudFormation's 500-resource limit. Never empty: every function traces.
      inlinePolicies: { Wildcards: this.wildcardDocument },
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: resolveEntry(settings.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      description: `Skylark ${settings.name} (${settings.entry})`,
      runtime: FUNCTION_DEFAULTS.runtime,
      architecture: FUNCTION_DEFAULTS.architecture,
      memorySize: settings.memoryMb ?? FUNCTION_DEFAULTS.memoryMb,
      timeout: Duration.seconds(settings.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds),
      // Tracing is switched on below, with its X-Ray permissions in the wildcard policy rather than the role's
      // default policy (see addWildcardStatement).
      role: this.role,
      logGroup: this.logGroup,
      environment: shared.environment,
      // The settings of ./function-bundle.ts, which bench/bundles.ts and the bundle budget test build with too.
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: BUNDLE_SOURCE_MAPS,
        sourcesContent: false,
        esbuildArgs: Object.fromEntries(
          Object.entries(bundleAliases(shared.smsCountries)).map(([module, replacement]) => [
            `--alias:${module}`,
            replacement,
          ]),
        ),
        // Bundle the SDK instead of using the runtime's copy: the versions pinned in package-lock.json (and
        // tested locally) are the versions that run.
        bundleAwsSDK: true,
        externalModules: [],
        forceDockerBundling: false,
      },
    });

    const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
    cfnFunction.tracingConfig = { mode: 'Active' };
    this.addWildcardStatement(
      new iam.PolicyStatement({
        sid: 'XRayTracing',
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
      'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions.',
    );
    const reserved = shared.reservedConcurrency?.[settings.name];
    if (reserved !== undefined) cfnFunction.reservedConcurrentExecutions = reserved;

    for (const capability of capabilitiesOf(settings)) this.grant(capability, shared);
    const runtimeReason =
      'Pinned to Node.js 22 (LTS), the version the handlers are tested on; a runtime upgrade is a deliberate ' +
      'change made together with the test matrix, not something a newer aws-cdk-lib should imply.';
    Validations.of(this.function).acknowledge({ id: 'AwsSolutions-L1', reason: runtimeReason });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaLatestVersion',
      reason: runtimeReason,
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        props.failures ??
        'Invoked synchronously (API Gateway, CloudFormation): the caller gets the error, so there is no event to keep.',
    });
  }

  /**
   * Statements that cannot name their resource go into the role's inline Wildcards policy, and cdk-nag's IAM5
   * finding is acknowledged on the role only, for that resource only: a wildcard added anywhere else (the role's
   * default policy, where grants land) is still a finding. test/infra/least-privilege.test.ts pins the allowed actions.
   */
  addWildcardStatement(
    statement: iam.PolicyStatement,
    reason: string,
    /** The statement's resource, when it is a pattern rather than '*' (named in cdk-nag's finding id). */
    resource = '*',
  ): void {
    this.wildcardDocument.addStatements(statement);
    const finding = `AwsSolutions-IAM5[Resource::${nagResourceName(Stack.of(this), resource)}]`;
    const reasons = [...(this.wildcardReasons.get(finding) ?? []), reason];
    this.wildcardReasons.set(finding, reasons);
    Validations.of(this.role).acknowledge({ id: finding, reason: reasons.join(' ') });
    Validations.of(this.role).acknowledge({
      id: 'Serverless-LambdaStarPermissions',
      reason:
        `Only statements without resource-level permissions use '*' (${[...this.wildcardReasons.keys()].length} ` +
        'kinds here, each acknowledged with its reason above); test/infra/least-privilege.test.ts pins the actions.',
    });
  }

  private readonly wildcardDocument = new iam.PolicyDocument();
  private readonly wildcardReasons = new Map<string, string[]>();

  /** Adds the least-privilege grant of one capability. */
  private grant(capability: Capability, shared: SkylarkFunctionShared): void {
    switch (capability) {
      case 'table:read':
        this.role.addToPrincipalPolicy(tableStatement(shared.table, TABLE_READ_ACTIONS));
        return;
      case 'table:write':
        this.role.addToPrincipalPolicy(
          tableStatement(shared.table, [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]),
        );
        return;
      case 'mail':
        this.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [...shared.mail.identityArns, shared.mail.configurationSetArn],
          }),
        );
        return;
      case 'sms': {
        // SMS to a phone number has no ARN to scope to, so Publish must be allowed on '*'; the Deny on every SNS
        // ARN (topics, platform endpoints) leaves phone numbers as the only thing this function can publish to.
        const partition = Stack.of(this).partition;
        this.addWildcardStatement(
          new iam.PolicyStatement({ sid: 'SendSms', actions: ['sns:Publish'], resources: ['*'] }),
          'SNS Publish to a phone number (SMS) has no resource ARN; a Deny on arn:*:sns:*:*:* restricts it to phone numbers.',
        );
        this.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            actions: ['sns:Publish'],
            resources: [`arn:${partition}:sns:*:*:*`],
          }),
        );
        return;
      }
      // ES256: issuers sign through KMS with the stage's keys; the private keys never leave KMS.
      case 'issue-tokens': {
        const keys = shared.accessTokenKeys;
        this.role.addToPrincipalPolicy(readKeySetStatement(keys));
        this.addWildcardStatement(
          new iam.PolicyStatement({
            sid: 'SignAccessTokens',
            actions: ['kms:Sign'],
            resources: [keys.keyArnPattern],
            conditions: {
              StringEquals: {
                [`aws:ResourceTag/${keys.tag.key}`]: keys.tag.value,
                'kms:SigningAlgorithm': 'ECDSA_SHA_256',
              },
            },
          }),
          "kms:Sign on key/*: the signing keys are created by the scheduled rotation, so their ids are unknown at deploy; an aws:ResourceTag condition limits it to this stage's keys.",
          keys.keyArnPattern,
        );
        return;
      }
      // Verifiers read the public key set, which is no secret; they get no KMS permission at all.
      case 'verify-tokens':
        this.role.addToPrincipalPolicy(readKeySetStatement(shared.accessTokenKeys));
        return;
      case 'export-archive:write':
        exportArchivesOf(shared, capability).grantWrite(this.role);
        return;
      case 'export-archive:read':
        exportArchivesOf(shared, capability).grantRead(this.role);
        return;
      default: {
        const unknown: never = capability;
        throw new Error(`SkylarkFunction: no grant for capability ${String(unknown)}`);
      }
    }
  }
}

function exportArchivesOf(shared: SkylarkFunctionShared, capability: Capability): ExportArchiveGrants {
  if (!shared.exportArchives) throw new Error(`SkylarkFunction: ${capability} needs the export bucket`);
  return shared.exportArchives;
}

/** The one partition the key-set statements reach (IAM's dynamodb:LeadingKeys): `CONFIG`, nothing else. */
export function keySetItemConditions(): Record<string, Record<string, string[]>> {
  return { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [KEY_SET_PARTITION] } };
}

function readKeySetStatement(keys: AccessTokenKeyGrants): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ReadAccessTokenKeySet',
    actions: ['dynamodb:GetItem'],
    resources: [keys.tableArn],
    conditions: keySetItemConditions(),
  });
}

function tableStatement(table: dynamodb.ITable, actions: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions,
    resources: [
      table.tableArn,
      ...TABLE.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.name}`),
    ],
  });
}

function resolveEntry(entry: string): string {
  const resolved = path.resolve(REPO_ROOT, entry);
  if (path.isAbsolute(entry) || !resolved.startsWith(REPO_ROOT)) {
    throw new Error(
      `SkylarkFunction: entry ${entry} must be a path inside the repository, relative to its root`,
    );
  }
  return resolved;
}
