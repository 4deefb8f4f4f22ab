/**
 * Everything that holds state or identity and must outlive a redeploy of the functions: the single table, the
 * JWT signing key, the SES identity and configuration set (with its bounce and complaint destination), the SNS
 * topics, the CloudFront origin secret, and, if set, the account's SMS monthly spend limit. The API stack receives these
 * through props (CDK turns them into cross-stack exports), so the API stack can be destroyed and recreated
 * without touching data.
 */
import {
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { AccessTokenKeys } from '#infra/constructs/access-token-keys';
import { AlarmFactory } from '#infra/constructs/alarms';
import { ExportBucket } from '#infra/constructs/export-bucket';
import { OriginSecret } from '#infra/constructs/origin-secret';
import { SmsSpendLimit } from '#infra/constructs/sms-spend-limit';
import { type DeploySettings, mailIdentities } from '#infra/settings';
import { TABLE } from '#shared/db/table';

/** The principal AWS End User Messaging SMS uses to deliver inbound (two-way) SMS to an SNS topic. */
const SMS_SERVICE_PRINCIPAL = 'sms-voice.amazonaws.com';
/** The principal CloudWatch alarms publish notifications with. */
const CLOUDWATCH_SERVICE_PRINCIPAL = 'cloudwatch.amazonaws.com';
/** The principal SES publishes configuration-set events (bounces, complaints) with. */
const SES_SERVICE_PRINCIPAL = 'ses.amazonaws.com';

export interface StatefulStackProps extends StackProps {
  settings: DeploySettings;
}

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly accessTokenKeys: AccessTokenKeys;
  readonly mailConfigurationSet: ses.ConfigurationSet;
  /** Identity ARNs SES checks a send against (the From address and its domain). */
  readonly mailIdentityArns: string[];
  readonly mailIdentity: ses.EmailIdentity | undefined;
  readonly inboundSmsTopic: sns.Topic;
  readonly alarmTopic: sns.Topic;
  /** Every bounce and complaint of the stage's mail, from the configuration set's event destination. */
  readonly mailFeedbackTopic: sns.Topic;
  /** The value CloudFront sends to the API in x-origin-verify (infra/constructs/origin-secret.ts). */
  readonly originSecret: secretsmanager.Secret;
  /** Account archives (POST /v1/me/export), expiring after 7 days. */
  readonly exportArchives: ExportBucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const removalPolicy = settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      stream: dynamodb.StreamViewType[TABLE.streamView],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: settings.deletionProtection,
      removalPolicy,
    });
    for (const index of TABLE.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.exportArchives = new ExportBucket(this, 'ExportBucket', { stage: settings.stage, removalPolicy });

    this.mailConfigurationSet = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    if (settings.sesIdentity) {
      const identity = settings.sesIdentity.includes('@')
        ? ses.Identity.email(settings.sesIdentity)
        : ses.Identity.domain(settings.sesIdentity);
      this.mailIdentity = new ses.EmailIdentity(this, 'MailIdentity', {
        identity,
        configurationSet: this.mailConfigurationSet,
      });
      // Kept when the stack goes: a second stage, or a redeploy, on the same domain reuses it (the DKIM records
      // in DNS stay valid), and deleting it would stop every stage that sends from it.
      this.mailIdentity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    // Built from MAIL_FROM rather than from the identity above, so a grant also works when the operator verified
    // the identity by hand (no sesIdentity context) and the API stack does not depend on the identity resource.
    this.mailIdentityArns = mailIdentities(settings).map((identity) =>
      this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    );

    // ES256 access-token keys in KMS, rotated on a schedule; the public key set is an SSM parameter.
    this.accessTokenKeys = new AccessTokenKeys(this, 'AccessTokenKeys', {
      stage: settings.stage,
      rotationDays: settings.accessTokenKeyRotationDays,
      logRetention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy,
      table: this.table,
      mail: {
        identityArns: this.mailIdentityArns,
        configurationSetArn: this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.mailConfigurationSet.configurationSetName,
        }),
      },
    });

    // One customer-managed key for both topics: the AWS-managed aws/sns key cannot be used by CloudWatch alarms
    // or by End User Messaging, whose service principals must be allowed in the key policy. Every service grant
    // here and on the topics carries aws:SourceAccount and aws:SourceArn (confused-deputy protection).
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: `Skylark ${settings.stage}: encrypts the inbound-SMS and alarm topics`,
      enableKeyRotation: true,
      removalPolicy,
    });
    const smsSource = this.serviceSource(SMS_SERVICE_PRINCIPAL, 'sms-voice', '*');
    const alarmSource = this.serviceSource(CLOUDWATCH_SERVICE_PRINCIPAL, 'cloudwatch', 'alarm:*');
    const mailSource = this.serviceSource(SES_SERVICE_PRINCIPAL, 'ses', 'configuration-set/*');
    for (const [sid, source] of [
      ['AllowEndUserMessagingToUseTheKey', smsSource],
      ['AllowCloudWatchAlarmsToUseTheKey', alarmSource],
      ['AllowSesEventsToUseTheKey', mailSource],
    ] as const) {
      topicKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [source.principal],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'], // in a key policy, '*' means this key
          conditions: source.conditions,
        }),
      );
    }

    this.inboundSmsTopic = new sns.Topic(this, 'InboundSmsTopic', {
      displayName: `Skylark ${settings.stage} inbound SMS`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    // Only End User Messaging, acting for this account, may publish inbound messages.
    this.inboundSmsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowInboundSmsFromEndUserMessaging',
        principals: [smsSource.principal],
        actions: ['sns:Publish'],
        resources: [this.inboundSmsTopic.topicArn],
        conditions: smsSource.conditions,
      }),
    );

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Skylark ${settings.stage} alarms`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    // enforceSSL replaces SNS's default topic policy, so CloudWatch needs an explicit grant to publish.
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [alarmSource.principal],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: alarmSource.conditions,
      }),
    );
    if (settings.alarmEmail) {
      const subscription = new subscriptions.EmailSubscription(settings.alarmEmail);
      this.alarmTopic.addSubscription(subscription);
      Validations.of(this.alarmTopic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'The alarm mail subscription: SNS retries mail delivery itself, and an alarm that could not be mailed ' +
          'stays visible in CloudWatch (and on the dashboard); a queue of undelivered alarm mails would go unread.',
      });
    }
    // The rotation is the one function outside the API stack: its failures page like the others'.
    new AlarmFactory(settings.stage, this.alarmTopic).alarm(this, 'AccessTokenKeyRotationErrors', {
      runbook: 'access-token-keys',
      metric: this.accessTokenKeys.rotation.function.metricErrors({
        period: Duration.hours(1),
        statistic: 'Sum',
      }),
      threshold: 0,
      description:
        'The access-token key rotation failed; the published key set stays valid until it succeeds.',
    });

    // Which addresses bounced or complained, one message each: the reputation alarms say how many, this says who
    // (docs/operations.md#mail-bounce-rate). SES grants itself publishing through the topic policy CDK adds.
    this.mailFeedbackTopic = new sns.Topic(this, 'MailFeedbackTopic', {
      displayName: `Skylark ${settings.stage} mail bounces and complaints`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    this.mailConfigurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.mailFeedbackTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });

    this.originSecret = new OriginSecret(this, 'OriginSecret', {
      stage: settings.stage,
      removalPolicy,
    }).secret;
    if (settings.smsMonthlySpendLimitUsd !== undefined) {
      new SmsSpendLimit(this, 'SmsMonthlySpendLimit', { limitUsd: settings.smsMonthlySpendLimitUsd });
    }

    // What an operator needs after a deploy (docs/operations.md): where to point two-way SMS, what to subscribe
    // to, and the DNS records that verify a domain identity.
    new CfnOutput(this, 'InboundSmsTopicArn', {
      description: 'Set as the two-way SMS destination of the End User Messaging phone number',
      value: this.inboundSmsTopic.topicArn,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe on-call here',
      value: this.alarmTopic.topicArn,
    });
    new CfnOutput(this, 'AccessTokenKeyRotationFunction', {
      description: 'Invoke with {"action":"rotate"} to rotate the access-token keys now',
      value: this.accessTokenKeys.rotation.function.functionName,
    });
    new CfnOutput(this, 'MailFeedbackTopicArn', {
      description: 'Bounces and complaints of every mail: subscribe to see who bounced',
      value: this.mailFeedbackTopic.topicArn,
    });
    new CfnOutput(this, 'MailConfigurationSetName', {
      value: this.mailConfigurationSet.configurationSetName,
    });
    if (this.mailIdentity && !settings.sesIdentity?.includes('@')) {
      this.mailIdentity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `MailDkimRecord${index + 1}`, {
          description: 'CNAME record that verifies the domain identity (DKIM)',
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
  }

  /** A service principal limited to acting for this account's resources of that service (resource pattern). */
  private serviceSource(principal: string, service: string, resource: string) {
    return {
      principal: new iam.ServicePrincipal(principal),
      conditions: {
        StringEquals: { 'aws:SourceAccount': this.account },
        ArnLike: {
          'aws:SourceArn': this.formatArn({ service, resource, arnFormat: ArnFormat.NO_RESOURCE_NAME }),
        },
      },
    };
  }
}
