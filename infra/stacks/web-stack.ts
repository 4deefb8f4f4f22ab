/**
 * The web client in AWS, on the same origin as the API: a private S3 bucket behind CloudFront (origin access
 * control), the build uploaded by BucketDeployment, and the API's paths routed to the HTTP API on the same
 * distribution (no caching, every viewer header but Host). Only the default behaviour falls back to index.html
 * (a CloudFront Function), so an API 404 stays the API's JSON. One response-headers policy (HSTS, nosniff,
 * frame-ancestors none, referrer policy, a strict CSP) covers every response.
 *
 * Guards passed in by createSkylarkStacks: the WAF web ACL (`webAclArn`, with `waf=true`) and the origin-secret
 * header (`apiOriginHeaders`).
 */
import { join } from 'node:path';
import {
  type CfnElement,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { nagResourceName } from '#infra/constructs/nag';
import { REPO_ROOT } from '#infra/constructs/skylark-function';
import type { DeploySettings } from '#infra/settings';
import { buildWebSync } from '#web/build';
import { API_PATH_PREFIXES, CONTENT_SECURITY_POLICY } from '#web/site-policy';

export interface WebStackProps extends StackProps {
  settings: DeploySettings;
  /** The HTTP API's endpoint (`https://{id}.execute-api.{region}.amazonaws.com`). */
  apiEndpoint: string;
  /** A built site to upload; default: build web/ now (esbuild, well under a second). */
  siteDir?: string;
  /** A WAF web ACL (scope CLOUDFRONT) to attach. */
  webAclArn?: string;
  /** Headers CloudFront adds to every request it sends to the API (e.g. an origin-verification secret). */
  apiOriginHeaders?: Record<string, string>;
}

/** SPA fallback: page-like paths (no file extension) get index.html; files keep their 404. Default behaviour only. */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;
  /** The site's URL: the custom domain's, or the distribution's. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const retain = settings.deletionProtection;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects: !retain,
    });
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy,
      autoDeleteObjects: !retain,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Skylark: HSTS, nosniff, no framing, referrer policy, strict CSP',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
      },
    });

    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Skylark: deep links get index.html (default behaviour only)',
    });

    const apiOrigin = new origins.HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      ...(props.apiOriginHeaders ? { customHeaders: props.apiOriginHeaders } : {}),
    });
    const apiBehaviour: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
      compress: true,
    };

    const domain = settings.webDomainName;
    const certificate = settings.webCertificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', settings.webCertificateArn)
      : undefined;

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Skylark ${settings.stage}: web client and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          { function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: Object.fromEntries(
        API_PATH_PREFIXES.map((prefix) => [`${prefix}*`, apiBehaviour] as const),
      ),
      ...(domain && certificate ? { domainNames: [domain], certificate } : {}),
      // The cloudfront.net certificate's policy is fixed; a custom certificate gets TLS 1.2 at least.
      ...(certificate ? { minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });

    const siteDir = props.siteDir ?? buildWebSync(join(REPO_ROOT, 'dist', 'web-deploy')).outDir;
    new s3deploy.BucketDeployment(this, 'DeploySite', {
      sources: [s3deploy.Source.asset(siteDir)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/'],
      prune: true,
      memoryLimit: 256,
    });

    this.url = domain ? `https://${domain}` : `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'WebUrl', {
      value: this.url,
      description: 'The site (web client and API on one origin)',
    });
    this.acknowledgeNagFindings(Boolean(domain && certificate), Boolean(props.webAclArn));
  }

  private acknowledgeNagFindings(customDomain: boolean, waf: boolean): void {
    const distribution = Validations.of(this.distribution);
    distribution.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'A public microblog is meant to be read from every country, so the distribution has no geo restriction.',
    });
    if (!waf) {
      distribution.acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'WAF is optional by the waf setting (off for cheap dev stages, docs/operations.md#edge-protection); without it the HTTP API throttles every route itself and the functions refuse requests without the origin secret.',
      });
    }
    if (!customDomain) {
      distribution.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its cloudfront.net certificate, whose TLS policy cannot be chosen; with webDomainName and webCertificateArn the minimum is TLSv1.2_2021.',
      });
    }
    Validations.of(this.node.findChild('AccessLogs')).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the bucket that receives the site bucket and CloudFront access logs; logging it too would recurse.',
    });
    const providers = Validations.of(this);
    providers.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's BucketDeployment provider (a CDK-managed singleton Lambda) logs with AWSLambdaBasicExecutionRole; the app does not define that role.",
    });
    const siteArn = `<${this.getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*`;
    const copyFindings = [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      `Resource::${siteArn}`,
      `Resource::${nagResourceName(this, `arn:${this.partition}:s3:::cdk-hnb659fds-assets-${this.account}-${this.region}/*`)}`,
      // cloudfront:CreateInvalidation and GetInvalidation support no resource-level narrowing in CDK's grant.
      'Resource::*',
    ];
    for (const finding of copyFindings) {
      providers.acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "BucketDeployment's provider (aws-cdk-lib) copies the build from the CDK assets bucket into the site bucket, prunes old files and invalidates the distribution: object-level wildcards on exactly those buckets.",
      });
    }
    for (const id of ['Serverless-LambdaTracing', 'Serverless-LambdaDLQ', 'Serverless-LambdaLatestVersion']) {
      providers.acknowledge({
        id,
        reason:
          "CDK's BucketDeployment provider (a CDK-managed singleton Lambda, invoked synchronously by CloudFormation on deploy) is configured by aws-cdk-lib.",
      });
    }
    providers.acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        "The runtime of CDK's BucketDeployment and auto-delete providers is chosen by aws-cdk-lib, not by this app.",
    });
  }
}
