/**
 * The account's SMS monthly spend limit (SNS `MonthlySpendLimit`, USD) in the stack's region, set at deploy
 * time: SNS stops sending every SMS once the month's spending reaches it. CloudFormation has no resource for
 * SNS's SMS attributes, so an AwsCustomResource calls SetSMSAttributes on create and update; deleting the stack
 * leaves the limit as it was last set. A limit above the account's SMS spending quota fails the deploy with
 * SNS's own message (ask AWS Support for a higher quota first, docs/operations.md#sms).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** The construct id aws-cdk-lib gives AwsCustomResource's singleton provider function. */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

export interface SmsSpendLimitProps {
  limitUsd: number;
}

export class SmsSpendLimit extends Construct {
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: SmsSpendLimitProps) {
    super(scope, id);
    const call: cr.AwsSdkCall = {
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: { attributes: { MonthlySpendLimit: String(props.limitUsd) } },
      // One setting per account and region.
      physicalResourceId: cr.PhysicalResourceId.of('sns-sms-monthly-spend-limit'),
    };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    // AwsCustomResource runs on one CDK-managed provider function per stack: its settings are aws-cdk-lib's.
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
    if (!provider) throw new Error('SmsSpendLimit: the AwsCustomResource provider was not found');
    const providerReason =
      "aws-cdk-lib's AwsCustomResource provider (a CDK-managed singleton function called by CloudFormation " +
      'only, synchronously, a few times a year): its role, memory and tracing are chosen by aws-cdk-lib.';
    for (const id of [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaDefaultMemorySize',
      'Serverless-LambdaTracing',
    ]) {
      Validations.of(provider).acknowledge({ id, reason: providerReason });
    }
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:SetSMSAttributes is an account-level call with no resource to name; it is the only action of this ' +
        'custom resource, which sets the SMS monthly spend limit.',
    });
  }
}
