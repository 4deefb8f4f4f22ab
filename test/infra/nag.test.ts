/**
 * cdk-nag 3 runs as a CDK validation plugin: its findings are a validation report, not construct annotations
 * (Annotations.fromStack(...).findError would always be empty). The pack's validateScope is the same check the
 * plugin runs during `cdk synth`, so it is what these tests call.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, synthTestApp, type TestApp } from './test-app';

let testApp: TestApp;

beforeAll(() => {
  testApp = synthTestApp({ context: { sesIdentity: 'example.com', alarmEmail: 'ops@example.com' } });
}, SYNTH_TIMEOUT_MS);

function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`,
    ),
  );
}

function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag (AWS Solutions)', () => {
  it('reports no unacknowledged errors or warnings in either stack', () => {
    expect(findings(testApp.stateful)).toEqual([]);
    expect(findings(testApp.api)).toEqual([]);
    expect(findings(testApp.web)).toEqual([]);
  });

  it('would report a finding (the check is not vacuous)', () => {
    const canary = new Stack(undefined, 'Canary');
    new sqs.Queue(canary, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(findings(canary)).toEqual(expect.arrayContaining([expect.stringMatching(/AwsSolutions-SQS2 /)]));
  });

  it('gives every acknowledgement a specific reason', () => {
    const all = acknowledgements(testApp.app);
    expect(all.length).toBeGreaterThan(0);
    for (const { path, id, reason } of all) {
      expect(reason.length, `${id} at ${path}`).toBeGreaterThan(60);
    }
  });
});
