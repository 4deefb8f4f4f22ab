/**
 * The edge in AWS: the WAF web ACL (us-east-1, optional by `waf`) attached to the distribution, and the origin
 * secret that CloudFront sends to the API and the functions check (shared/http/edge.ts). One app with `waf=true`
 * in a concrete account and region (a cross-region reference needs one) serves every test here.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { originSecretName } from '#infra/constructs/origin-secret';
import { readSettings, SettingsError } from '#infra/settings';
import { createSkylarkStacks } from '#infra/skylark';
import {
  COUNTED_COMMON_RULES,
  WAF_RATE_LIMITED_PATHS,
  WAF_RATE_LIMITED_PREFIXES,
} from '#infra/stacks/waf-stack';
import { ORIGIN_HEADER } from '#shared/http/edge';
import { SYNTH_TIMEOUT_MS, synthTestApp, type TestApp, testCatalog } from '../test-app';

let testApp: TestApp;
let waf: Template;

beforeAll(() => {
  testApp = synthTestApp({
    context: { stage: 'test', mailFrom: 'no-reply@skylark.example', waf: 'true', wafRateLimit: '200' },
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  if (!testApp.waf) throw new Error('waf=true built no WAF stack');
  waf = Template.fromStack(testApp.waf);
}, SYNTH_TIMEOUT_MS);

/** The properties of the one resource of `type` in `template`. */
function onlyResource<T>(template: Template, type: string): T {
  const found = Object.values(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return (found[0] as { Properties: T }).Properties;
}

const SECRET_REFERENCE = `{{resolve:secretsmanager:${originSecretName('test')}:SecretString:::}}`;

type ByteMatch = { ByteMatchStatement: { SearchString: string } & Record<string, unknown> };
type Rule = {
  Name: string;
  Priority: number;
  Action?: unknown;
  OverrideAction?: unknown;
  Statement: {
    RateBasedStatement?: { ScopeDownStatement: { OrStatement: { Statements: ByteMatch[] } } } & Record<
      string,
      unknown
    >;
    ManagedRuleGroupStatement?: { VendorName: string; RuleActionOverrides?: unknown };
  };
};

describe('the web ACL', () => {
  it('lives in us-east-1 with CloudFront scope, allowing what no rule blocks', () => {
    expect(testApp.waf?.region).toBe('us-east-1');
    waf.resourceCountIs('AWS::WAFv2::WebACL', 1);
    waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: Match.objectLike({ CloudWatchMetricsEnabled: true }),
    });
  });

  it('blocks a client IP above the rate limit on the sign-in, OAuth and phone routes', () => {
    const { Rules: rules } = onlyResource<{ Rules: Rule[] }>(waf, 'AWS::WAFv2::WebACL');
    expect(rules.map((rule) => rule.Name)).toEqual([
      'RateLimitSensitiveRoutes',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    const [rate] = rules;
    expect(rate?.Action).toEqual({ Block: {} });
    expect(rate?.Statement.RateBasedStatement).toMatchObject({
      Limit: 200,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
    });
    const matches = rate?.Statement.RateBasedStatement?.ScopeDownStatement.OrStatement.Statements.map(
      (statement) => {
        expect(statement.ByteMatchStatement).toMatchObject({ FieldToMatch: { UriPath: {} } });
        const { PositionalConstraint, SearchString } = statement.ByteMatchStatement;
        return `${PositionalConstraint} ${SearchString}`;
      },
    );
    expect(matches).toEqual([
      ...WAF_RATE_LIMITED_PREFIXES.map((prefix) => `STARTS_WITH ${prefix}`),
      ...WAF_RATE_LIMITED_PATHS.map((path) => `EXACTLY ${path}`),
    ]);
  });

  it('covers every route the catalog throttles with the rate rule', () => {
    const throttled = testCatalog.httpRoutes.filter((route) => route.throttle);
    expect(throttled.length).toBeGreaterThan(0);
    for (const route of throttled) {
      expect(
        WAF_RATE_LIMITED_PREFIXES.some((prefix) => route.path.startsWith(prefix)) ||
          (WAF_RATE_LIMITED_PATHS as readonly string[]).includes(route.path),
        route.path,
      ).toBe(true);
    }
  });

  it("runs AWS's common and known-bad-inputs rule groups, counting only the body-size rule", () => {
    const rules = onlyResource<{ Rules: Rule[] }>(waf, 'AWS::WAFv2::WebACL').Rules.slice(1);
    for (const rule of rules) {
      expect(rule.OverrideAction).toEqual({ None: {} });
      expect(rule.Statement.ManagedRuleGroupStatement?.VendorName).toBe('AWS');
    }
    expect(rules[0]?.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual(
      COUNTED_COMMON_RULES.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
    );
  });

  it('is attached to the distribution', () => {
    const config = onlyResource<{ DistributionConfig: { WebACLId?: unknown } }>(
      testApp.webTemplate,
      'AWS::CloudFront::Distribution',
    ).DistributionConfig;
    // Read across regions from the WAF stack's export of the web ACL's ARN.
    expect(JSON.stringify(config.WebACLId)).toMatch(/WebAcl.*Arn/);
  });

  it('leaves both cdk-nag packs clean in the WAF and web stacks', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      for (const stack of [testApp.waf, testApp.web]) {
        if (!stack) throw new Error('missing stack');
        const violations = pack.validateScope(stack).violations;
        expect(violations.map((violation) => `${violation.ruleName}`)).toEqual([]);
      }
    }
  });

  it('refuses waf=true without an account and region, with what to do', () => {
    const app = new App({ context: { waf: 'true' } });
    let thrown: unknown;
    try {
      createSkylarkStacks(app, { settings: readSettings(app.node), catalog: testCatalog });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SettingsError);
    expect(String(thrown)).toMatch(/waf=true needs the target account and region: run with AWS credentials/);
  });
});

describe('the origin secret', () => {
  it('is generated by Secrets Manager under the stage’s name, letters and digits only', () => {
    testApp.statefulTemplate.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: originSecretName('test'),
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
  });

  it('is sent by CloudFront to the API origin only, read from the secret at deploy time', () => {
    type Origin = {
      S3OriginConfig?: unknown;
      OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
    };
    const origins = onlyResource<{ DistributionConfig: { Origins: Origin[] } }>(
      testApp.webTemplate,
      'AWS::CloudFront::Distribution',
    ).DistributionConfig.Origins;
    const api = origins.filter((origin) => !origin.S3OriginConfig);
    expect(api).toHaveLength(1);
    expect(api[0]?.OriginCustomHeaders).toEqual([
      { HeaderName: ORIGIN_HEADER, HeaderValue: SECRET_REFERENCE },
    ]);
    for (const origin of origins.filter((candidate) => candidate.S3OriginConfig)) {
      expect(origin.OriginCustomHeaders).toBeUndefined();
    }
  });

  it('is what every function checks requests against (ORIGIN_SECRET), never a literal in a template', () => {
    testApp.apiTemplate.allResourcesProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ORIGIN_SECRET: SECRET_REFERENCE }) },
    });
    const templates = [testApp.statefulTemplate, testApp.apiTemplate, testApp.webTemplate, waf];
    for (const template of templates) {
      expect(JSON.stringify(template.toJSON())).not.toMatch(/SecretString"?:\s*"[A-Za-z0-9]{48}"/);
    }
  });
});
