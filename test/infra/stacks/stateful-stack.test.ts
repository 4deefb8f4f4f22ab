import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '#infra/settings';
import { StatefulStack } from '#infra/stacks/stateful-stack';
import { KEY_ATTRIBUTES, TABLE } from '#shared/db/table';
import { SYNTH_TIMEOUT_MS, synthTestApp } from '../test-app';

let template: Template;

beforeAll(() => {
  template = synthTestApp({
    context: {
      stage: 'test',
      sesIdentity: 'example.org',
      mailFrom: 'hello@example.org',
      alarmEmail: 'ops@example.org',
    },
    // The stateful stack does not depend on the functions; an empty catalog keeps this synth quick.
    catalog: { httpRoutes: [], streamConsumers: [], topicSubscribers: [] },
  }).statefulTemplate;
}, SYNTH_TIMEOUT_MS);

function statefulOnly(context: Record<string, unknown>): Template {
  // No bundling (CDK's own switch): the assertions do not read the rotation function's code.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return Template.fromStack(new StatefulStack(app, 'Stateful', { settings: readSettings(app.node) }));
}

describe('the table', () => {
  it('takes its keys, indexes, TTL and stream view from shared/db/table.ts', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals(
        KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
      GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: TABLE.streamView },
    });
  });

  it('is on-demand with point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('is protected from deletion and retained by default', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('can be deleted with the stack when deletionProtection is false', () => {
    const unprotected = statefulOnly({ deletionProtection: 'false' });
    unprotected.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: 'Delete',
    });
  });
});

describe('the access-token keys', () => {
  it('keeps no signing secret: the one Secrets Manager secret is the CloudFront origin secret', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'skylark/test/origin-verify' });
  });

  it('creates the first KMS keys through the rotation function at deploy, and rotates them on a schedule', () => {
    const rotation = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('RotateAccessTokenKeys') },
      }),
    );
    expect(rotation).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudFormation::CustomResource', {
      ServiceToken: { 'Fn::GetAtt': [rotation[0], 'Arn'] },
      keySetItem: 'CONFIG/ACCESS_TOKEN_KEYS',
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(30 days)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ action: 'rotate' }) })],
    });
  });

  it('lets the rotation write the key-set item and nothing else of the table, and only read the old parameter', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'WriteTheKeySet',
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
            Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CONFIG'] } },
          }),
          Match.objectLike({ Sid: 'ReadTheLegacyKeySet', Action: 'ssm:GetParameter' }),
        ]),
      },
    });
  });

  it('lets the rotation create only P-256 signing keys tagged with the stage', () => {
    // Statements naming no resource live in the function role's inline Wildcards policy.
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: Match.arrayWith([
        Match.objectLike({
          PolicyName: 'Wildcards',
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Action: ['kms:CreateKey', 'kms:TagResource'],
                Condition: Match.objectLike({
                  StringEquals: {
                    'aws:RequestTag/skylark:access-token-key': 'test',
                    'kms:KeySpec': 'ECC_NIST_P256',
                    'kms:KeyUsage': 'SIGN_VERIFY',
                  },
                }),
              }),
            ]),
          },
        }),
      ]),
    });
  });
});

describe('mail', () => {
  it('creates the SES identity from context, attached to the configuration set', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
  });

  it('creates no identity when sesIdentity is not set', () => {
    statefulOnly({}).resourceCountIs('AWS::SES::EmailIdentity', 0);
  });

  it('refuses a From address the identity cannot send as', () => {
    expect(() => statefulOnly({ sesIdentity: 'example.org', mailFrom: 'no-reply@example.com' })).toThrow(
      /mailFrom: must be an address at example\.org/,
    );
  });
});

describe('the inbound-SMS topic', () => {
  it('is encrypted with a customer-managed key that End User Messaging may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Skylark test inbound SMS',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  it('accepts publishes only from the SMS service for this account, over TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^InboundSmsTopic') }],
      PolicyDocument: {
        Statement: Match.arrayEquals([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });
});

describe('the alarm topic', () => {
  it('lets CloudWatch alarms publish and mails the alarmEmail', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlarmTopic') },
    });
  });
});

describe('mail feedback', () => {
  it('sends every bounce, complaint and rejection of the configuration set to an encrypted topic SES may publish to', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('^MailConfigurationSet') },
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'reject'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^MailFeedbackTopic') } },
      }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Skylark test mail bounces and complaints',
      KmsMasterKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^MailFeedbackTopic') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowSesEventsToUseTheKey', Principal: { Service: 'ses.amazonaws.com' } }),
        ]),
      },
    });
    template.hasOutput('MailFeedbackTopicArn', {
      Value: { Ref: Match.stringLikeRegexp('^MailFeedbackTopic') },
    });
  });
});

describe('the SMS monthly spend limit', () => {
  it('is applied to the account’s SNS SMS attributes when set, and left alone when not', () => {
    const limited = statefulOnly({ smsMonthlySpendLimitUsd: '20' });
    const calls = Object.values(limited.findResources('Custom::AWS'));
    expect(calls).toHaveLength(1);
    const { Create } = (calls[0] as { Properties: { Create: unknown } }).Properties;
    const create = JSON.parse(String(Create)) as Record<string, unknown>;
    expect(create).toMatchObject({
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: { attributes: { MonthlySpendLimit: '20' } },
    });
    limited.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'sns:SetSMSAttributes', Resource: '*' })] },
    });
    template.resourceCountIs('Custom::AWS', 0);
  });

  it('refuses a spend alarm at or above the limit', () => {
    expect(() => statefulOnly({ smsMonthlySpendLimitUsd: '1', smsSpendAlarmUsd: '1' })).toThrow(
      /smsSpendAlarmUsd: must be below smsMonthlySpendLimitUsd \(1\)/,
    );
  });
});

describe('the access-token key rotation', () => {
  it('alarms when a rotation fails', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 0,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
      AlarmDescription: Match.stringLikeRegexp('Runbook: docs/operations.md#access-token-keys$'),
    });
  });
});
