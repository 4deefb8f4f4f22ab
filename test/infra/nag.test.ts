/**
 * cdk-nag 3 runs as a CDK validation plugin (both packs, AWS Solutions and Serverless, as bin/app.ts adds them): its findings are a validation report, not construct annotations
 * (Annotations.fromStack(...).findError would always be empty). The pack's validateScope is the same check the
 * plugin runs during `cdk synth`, so it is what these tests call.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, synthTestApp, type TestApp } from './test-app';

let testApp: TestApp;

beforeAll(() => {
  testApp = synthTestApp({
    context: { sesIdentity: 'example.com', alarmEmail: 'ops@example.com', smsMonthlySpendLimitUsd: '20' },
  });
}, SYNTH_TIMEOUT_MS);

const PACKS: Record<string, () => NagPack> = {
  'AWS Solutions': () => new AwsSolutionsChecks(),
  Serverless: () => new ServerlessChecks(),
};

function findings(
  scope: IConstruct,
  pack: () => NagPack = PACKS['AWS Solutions'] as () => NagPack,
): string[] {
  const report = pack().validateScope(scope);
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

describe.each(Object.entries(PACKS))('cdk-nag (%s)', (_name, pack) => {
  it('reports no unacknowledged errors or warnings in any stack, nested ones included', () => {
    expect(findings(testApp.stateful, pack)).toEqual([]);
    expect(findings(testApp.api, pack)).toEqual([]);
    expect(findings(testApp.web, pack)).toEqual([]);
  });
});

describe('cdk-nag', () => {
  it('would report a finding in either pack (the checks are not vacuous)', () => {
    const canary = new Stack(undefined, 'Canary');
    new sqs.Queue(canary, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(findings(canary)).toEqual(expect.arrayContaining([expect.stringMatching(/AwsSolutions-SQS2 /)]));
    expect(findings(canary, PACKS.Serverless)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Serverless-SQSRedrivePolicy /)]),
    );
  });

  it('gives every acknowledgement a specific reason', () => {
    const all = acknowledgements(testApp.app);
    expect(all.length).toBeGreaterThan(0);
    for (const { path, id, reason } of all) {
      expect(reason.length, `${id} at ${path}`).toBeGreaterThan(60);
    }
  });
});
