/**
 * The web ACL in front of the CloudFront distribution (context `waf=true`). A web ACL of scope CLOUDFRONT must
 * be created in us-east-1 whatever the stage's region, so it has this small stack of its own there; the web stack
 * attaches it by ARN (a cross-region reference). Rules, in order: a rate-based rule per client IP on the
 * routes that hash passwords, send mail or SMS, or mint tokens; AWS's common rule set; its known-bad-inputs set.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { DeploySettings } from '#infra/settings';

/** CloudFront's web ACLs live here (AWS WAF's rule for scope CLOUDFRONT). */
export const WAF_REGION = 'us-east-1';

/**
 * Paths the per-IP rate rule covers: sign-up, sign-in and recovery, OAuth, and phone verification, plus the
 * account itself (DELETE /v1/me checks a password). Every route with a catalog throttle starts with one of the
 * prefixes or is one of the exact paths (an infra test checks), so a costly route is never left out.
 */
export const WAF_RATE_LIMITED_PREFIXES = ['/v1/auth/', '/oauth/', '/v1/me/phone'] as const;
export const WAF_RATE_LIMITED_PATHS = ['/v1/me'] as const;

/**
 * Rules of the common rule set that are counted instead of blocking. SizeRestrictions_BODY blocks bodies over
 * 8 KB, below the API's own MAX_BODY_BYTES limit (which answers a clear 413 itself).
 */
export const COUNTED_COMMON_RULES = ['SizeRestrictions_BODY'] as const;

export interface WafStackProps extends StackProps {
  settings: DeploySettings;
}

export class WafStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `skylark-${settings.stage}-${metricName}`,
      sampledRequestsEnabled: true,
    });
    const pathMatch =
      (positionalConstraint: 'STARTS_WITH' | 'EXACTLY') =>
      (searchString: string): wafv2.CfnWebACL.StatementProperty => ({
        byteMatchStatement: {
          fieldToMatch: { uriPath: {} },
          positionalConstraint,
          searchString,
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      });
    const managed = (
      priority: number,
      name: string,
      counted: readonly string[] = [],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
        },
      },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `skylark-${settings.stage}`,
      description: `Skylark ${settings.stage}: in front of the web client and the API`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('all'),
      rules: [
        {
          name: 'RateLimitSensitiveRoutes',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: settings.wafRateLimit,
              evaluationWindowSec: 300,
              // The viewer's address as CloudFront received the connection.
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                orStatement: {
                  statements: [
                    ...WAF_RATE_LIMITED_PREFIXES.map(pathMatch('STARTS_WITH')),
                    ...WAF_RATE_LIMITED_PATHS.map(pathMatch('EXACTLY')),
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('rate-limit-sensitive-routes'),
        },
        managed(1, 'AWSManagedRulesCommonRuleSet', COUNTED_COMMON_RULES),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
  }
}
