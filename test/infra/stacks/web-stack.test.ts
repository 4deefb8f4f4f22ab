import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SPA_FALLBACK_CODE } from '#infra/stacks/web-stack';
import { API_PATH_PREFIXES } from '#web/site-policy';
import { SYNTH_TIMEOUT_MS, synthTestApp, type TestApp } from '../test-app';

let testApp: TestApp;
let template: Template;

beforeAll(() => {
  testApp = synthTestApp();
  template = testApp.webTemplate;
}, SYNTH_TIMEOUT_MS);

type Behaviour = {
  PathPattern?: string;
  FunctionAssociations?: unknown[];
  CachePolicyId: unknown;
  OriginRequestPolicyId?: unknown;
  TargetOriginId: string;
  AllowedMethods?: string[];
};

function distributionConfig() {
  const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  return (distribution as { Properties: { DistributionConfig: Record<string, unknown> } }).Properties
    .DistributionConfig as {
    DefaultCacheBehavior: Behaviour;
    CacheBehaviors: Behaviour[];
    Origins: {
      Id: string;
      S3OriginConfig?: unknown;
      OriginAccessControlId?: unknown;
      CustomOriginConfig?: unknown;
    }[];
  };
}

describe('the web stack', () => {
  it('keeps the site bucket private, read by CloudFront through origin access control only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
    });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const s3Origin = distributionConfig().Origins.find((origin) => origin.S3OriginConfig);
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('routes every API path to the HTTP API without caching, with all viewer headers but Host', () => {
    const config = distributionConfig();
    const apiOrigin = config.Origins.find((origin) => origin.CustomOriginConfig);
    expect(apiOrigin).toBeDefined();
    expect(config.CacheBehaviors.map((behaviour) => behaviour.PathPattern).sort()).toEqual(
      API_PATH_PREFIXES.map((prefix) => `${prefix}*`).sort(),
    );
    for (const behaviour of config.CacheBehaviors) {
      expect(behaviour.TargetOriginId).toBe(apiOrigin?.Id);
      // AWS managed policies: CachingDisabled and AllViewerExceptHostHeader.
      expect(behaviour.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
      expect(behaviour.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
      expect(behaviour.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PATCH', 'PUT', 'DELETE']));
    }
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ]),
      }),
    });
  });

  it('applies the SPA fallback to the default behaviour only, so API errors never become index.html', () => {
    const config = distributionConfig();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual(
      [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() } as unknown].map(() =>
        expect.objectContaining({ EventType: 'viewer-request' }),
      ),
    );
    for (const behaviour of config.CacheBehaviors) expect(behaviour.FunctionAssociations).toBeUndefined();
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: SPA_FALLBACK_CODE,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });

  it('rewrites page-like paths to index.html and leaves files alone', () => {
    const handler = new Function(`${SPA_FALLBACK_CODE}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri: string };
    expect(handler({ request: { uri: '/@ada/01JD0000000000000000000000' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/settings/design' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/assets/main-ABC.js' } }).uri).toBe('/assets/main-ABC.js');
  });

  it('sends HSTS, nosniff, no framing, a referrer policy and a CSP without inline script on every response', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: Match.objectLike({
            AccessControlMaxAgeSec: 63_072_000,
            IncludeSubdomains: true,
          }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.stringLikeRegexp("script-src 'self';.*frame-ancestors 'none'"),
            Override: true,
          },
        },
      }),
    });
    const csp = JSON.stringify(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(csp).not.toContain('unsafe-inline');
    const config = distributionConfig();
    const policies = [config.DefaultCacheBehavior, ...config.CacheBehaviors].map(
      (behaviour) => (behaviour as { ResponseHeadersPolicyId?: unknown }).ResponseHeadersPolicyId,
    );
    expect(new Set(policies.map((policy) => JSON.stringify(policy))).size).toBe(1);
    expect(policies[0]).toBeDefined();
  });

  it('uploads the build and makes the distribution the functions’ public URL when a domain is given', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const withDomain = synthTestApp({
      context: {
        webDomainName: 'skylark.example.org',
        webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234',
      },
    });
    withDomain.webTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['skylark.example.org'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
    const env = JSON.stringify(withDomain.apiTemplate.findResources('AWS::Lambda::Function'));
    expect(env).toContain('"PUBLIC_URL":"https://skylark.example.org"');
  }, 120_000);
});
