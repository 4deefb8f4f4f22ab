/**
 * The Resource '*' pin: no role in either stack may be allowed an action on '*' beyond the few that have no
 * resource-level permissions. A new wildcard grant fails this test even where a cdk-nag acknowledgement would
 * hide it; the canary shows the check catches one (DeleteTable on '*').
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, synthTestApp, type TestApp } from './test-app';

/** Actions that support no resource-level permissions, and why each is granted. */
const ALLOWED_ON_ANY_RESOURCE = new Set([
  'xray:PutTraceSegments', // active tracing
  'xray:PutTelemetryRecords',
  'sns:Publish', // SMS to a phone number (denied on every SNS ARN)
  'dynamodb:ListStreams', // the stream event source mapping
  'kms:CreateKey', // the key rotation, limited by tag and key-spec conditions
  'kms:TagResource',
  'sns:SetSMSAttributes', // the SMS monthly spend limit (account-level, no resource)
]);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every "Allow <action> on '*'" of every IAM policy in a template, as `<policy>: <action>`. */
function wildcardGrants(template: Template): string[] {
  const found: string[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role']) {
    for (const [id, resource] of Object.entries(template.findResources(type))) {
      const properties = resource.Properties as {
        PolicyDocument?: { Statement: Statement[] };
        Policies?: { PolicyDocument: { Statement: Statement[] } }[];
      };
      const documents = [
        properties.PolicyDocument,
        ...(properties.Policies ?? []).map((p) => p.PolicyDocument),
      ];
      for (const statement of documents.flatMap((document) => document?.Statement ?? [])) {
        const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
        if (statement.Effect !== 'Allow' || !resources.includes('*')) continue;
        const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
        for (const action of actions) found.push(`${id}: ${action}`);
      }
    }
  }
  return found;
}

const beyondAllowed = (grants: string[]) =>
  grants.filter((grant) => !ALLOWED_ON_ANY_RESOURCE.has(grant.slice(grant.indexOf(': ') + 2)));

let testApp: TestApp;
beforeAll(() => {
  testApp = synthTestApp({
    context: { mailFrom: 'no-reply@skylark.example', smsMonthlySpendLimitUsd: '20' },
  });
}, SYNTH_TIMEOUT_MS);

describe("actions on Resource '*'", () => {
  it('are only the allowed ones, in every stack', () => {
    expect(beyondAllowed(wildcardGrants(testApp.apiTemplate))).toEqual([]);
    expect(beyondAllowed(wildcardGrants(testApp.statefulTemplate))).toEqual([]);
    expect(wildcardGrants(testApp.apiTemplate).length).toBeGreaterThan(0);
  });

  it('catches a DeleteTable on * added to a function role (canary)', () => {
    const stack = new Stack(undefined, 'Canary');
    const role = new iam.Role(stack, 'PublicFunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:DeleteTable'], resources: ['*'] }),
    );
    expect(beyondAllowed(wildcardGrants(Template.fromStack(stack)))).toEqual([
      expect.stringMatching(/^PublicFunctionRoleDefaultPolicy\w+: dynamodb:DeleteTable$/),
    ]);
    // cdk-nag reports it too: no acknowledgement covers a role's default policy.
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((violation) => violation.ruleName)).toContainEqual(
      expect.stringMatching(/^AwsSolutions-IAM5/),
    );
  });
});
