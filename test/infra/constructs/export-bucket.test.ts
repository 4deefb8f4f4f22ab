/**
 * The export bucket (infra/constructs/export-bucket.ts) and who may touch it: private, encrypted, SSL-only,
 * archives expiring after 7 days; only the outside-world reader writes and deletes, only GetExport reads, each
 * on the exports/ prefix alone. Also the erasure job's schedule.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes, scheduledJobs, streamConsumers } from '#functions/catalog';
import { EXPORT_RETENTION_DAYS } from '#shared/domain/account-lifecycle/account-export';
import { functionLogicalId, SYNTH_TIMEOUT_MS, synthTestApp, type TestApp } from '../test-app';

let testApp: TestApp;

/** The routes these tests look at: the account routes and a few that must get nothing of the bucket. */
const ROUTES = new Set([
  'RequestExport',
  'GetExport',
  'DeleteAccount',
  'ReactivateAccount',
  'Login',
  'CreatePost',
]);

beforeAll(() => {
  // A catalog of the functions concerned, so this test does not depend on the API stack's size.
  testApp = synthTestApp({
    context: { mailFrom: 'no-reply@skylark.example', sesIdentity: 'skylark.example' },
    catalog: {
      httpRoutes: httpRoutes.filter((route) => ROUTES.has(route.name)),
      streamConsumers,
      topicSubscribers: [],
      scheduledJobs,
    },
  });
}, SYNTH_TIMEOUT_MS);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Sid?: string };

/** The S3 actions a catalog function's role is allowed, with the resources they name. */
function s3Grants(template: Template, functionName: string): { actions: string[]; resources: string } {
  const fn = template.toJSON().Resources[functionLogicalId(template, functionName)];
  const roleId: string = fn.Properties.Role['Fn::GetAtt'][0];
  const statements: Statement[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles = (policy.Properties.Roles as { Ref: string }[]).map((role) => role.Ref);
    if (roles.includes(roleId)) statements.push(...policy.Properties.PolicyDocument.Statement);
  }
  const s3 = statements.filter((statement) =>
    [statement.Action].flat().some((action) => action.startsWith('s3:') && statement.Effect === 'Allow'),
  );
  const exportStatements = s3.filter((statement) => JSON.stringify(statement.Resource).includes('-export-'));
  return {
    actions: exportStatements.flatMap((statement) => [statement.Action].flat()).sort(),
    resources: JSON.stringify(exportStatements.map((statement) => statement.Resource)),
  };
}

describe('the export bucket', () => {
  it('is private, encrypted at rest and SSL-only, and expires archives after 7 days', () => {
    const template = testApp.statefulTemplate;
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ ExpirationInDays: EXPORT_RETENTION_DAYS, Status: 'Enabled' }),
        ]),
      },
    });
    expect(EXPORT_RETENTION_DAYS).toBe(7);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('is written only by the outside-world reader (build, retirement), read only by GetExport, on exports/* alone', () => {
    const template = testApp.apiTemplate;
    expect(s3Grants(template, 'OutsideWorldReactions').actions).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(s3Grants(template, 'GetExport').actions).toEqual(['s3:GetObject']);
    for (const name of ['OutsideWorldReactions', 'GetExport']) {
      expect(s3Grants(template, name).resources).toContain('/exports/*');
    }
    const noAccess = [
      'EraseAccounts',
      'RequestExport',
      'DeleteAccount',
      'Login',
      'TableReactions',
      'CreatePost',
    ];
    for (const name of noAccess) {
      expect(s3Grants(template, name).actions, name).toEqual([]);
    }
  });

  it('has a name every stack knows without a cross-stack reference, given to the functions as EXPORT_BUCKET', () => {
    const name = {
      'Fn::Join': ['', ['skylark-dev-export-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]],
    };
    testApp.statefulTemplate.hasResourceProperties('AWS::S3::Bucket', { BucketName: name });
    const fn = testApp.apiTemplate.toJSON().Resources[functionLogicalId(testApp.apiTemplate, 'GetExport')];
    expect(fn.Properties.Environment.Variables.EXPORT_BUCKET).toEqual(name);
  });
});

describe('cdk-nag (AWS Solutions)', () => {
  it('finds nothing unacknowledged in the bucket, the grants or the job', () => {
    const findings = [testApp.stateful, testApp.api].flatMap((stack) =>
      new AwsSolutionsChecks()
        .validateScope(stack)
        .violations.flatMap((violation) =>
          violation.violatingResources.map(
            (resource) => `${violation.ruleName} at ${resource.constructPath}`,
          ),
        ),
    );
    expect(findings).toEqual([]);
  });
});

describe('the erasure job', () => {
  it('runs hourly from an EventBridge schedule', () => {
    const template = testApp.apiTemplate;
    const jobId = functionLogicalId(template, 'EraseAccounts');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [jobId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [jobId, 'Arn'] },
    });
  });
});
