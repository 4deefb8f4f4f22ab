/**
 * Builds Skylark's two stacks into an app (or a test's App): the stateful stack, then the API stack that
 * receives its resources. bin/app.ts passes functions/catalog.ts; infra tests pass their own catalog.
 */
import type { Environment } from 'aws-cdk-lib';
import { Tags, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { originSecretReference } from '#infra/constructs/origin-secret';
import { type DeploySettings, SettingsError } from '#infra/settings';
import { ApiStack, type FunctionCatalog } from '#infra/stacks/api-stack';
import { StatefulStack } from '#infra/stacks/stateful-stack';
import { WAF_REGION, WafStack } from '#infra/stacks/waf-stack';
import { WebStack, type WebStackProps } from '#infra/stacks/web-stack';
import { ORIGIN_HEADER } from '#shared/http/edge';

export interface SkylarkStacksOptions {
  settings: DeploySettings;
  catalog: FunctionCatalog;
  /** Leave account/region unset for environment-agnostic stacks (synth works without credentials). */
  env?: Environment;
  /** A prebuilt site for the web stack (default: build web/ now). */
  web?: Pick<WebStackProps, 'siteDir'>;
}

export interface SkylarkStacks {
  stateful: StatefulStack;
  api: ApiStack;
  web: WebStack;
  /** Only with the `waf` setting. */
  waf?: WafStack;
}

export function createSkylarkStacks(scope: Construct, options: SkylarkStacksOptions): SkylarkStacks {
  const { catalog, env } = options;
  // Mail links point at the site: the custom domain when there is one. The distribution's own cloudfront.net
  // name is known only once deployed (the web stack depends on the API's endpoint), so without a domain the
  // operator passes it as publicUrl after the first deploy (docs/operations.md, "Web client").
  const settings = {
    ...options.settings,
    publicUrl:
      options.settings.publicUrl ??
      (options.settings.webDomainName ? `https://${options.settings.webDomainName}` : undefined),
  };
  const prefix = `skylark-${settings.stage}`;
  // First, so that a missing account or region fails before anything is built.
  const waf = settings.waf ? createWafStack(scope, prefix, settings, env) : undefined;

  const stateful = new StatefulStack(scope, `${prefix}-stateful`, {
    env,
    settings,
    description: `Skylark ${settings.stage}: table, signing key, mail identity, topics`,
    // CloudFormation refuses to delete a protected stack; see "Teardown" in docs/operations.md.
    terminationProtection: settings.deletionProtection,
  });
  const api = new ApiStack(scope, `${prefix}-api`, {
    env,
    settings,
    catalog,
    stateful,
    description: `Skylark ${settings.stage}: HTTP API, functions, stream consumers, alarms`,
  });
  api.addStackDependency(stateful, 'the API stack imports the table, key, topics and mail settings');
  const web = new WebStack(scope, `${prefix}-web`, {
    env,
    settings,
    apiEndpoint: api.httpApi.apiEndpoint,
    // The header the functions check (shared/http/edge.ts): requests that skip the distribution get 403.
    apiOriginHeaders: {
      [ORIGIN_HEADER]: originSecretReference(settings.stage, settings.originSecretVersionId),
    },
    ...(waf ? { webAclArn: waf.webAcl.attrArn, crossRegionReferences: waf.region !== env?.region } : {}),
    ...options.web,
    description: `Skylark ${settings.stage}: web client on CloudFront, with the API on the same origin`,
  });
  web.addStackDependency(api, 'the distribution routes the API paths to the HTTP API');
  web.addStackDependency(stateful, 'the distribution sends the origin secret');

  const stacks = [stateful, api, web, ...(waf ? [waf] : [])];
  for (const stack of stacks) {
    Tags.of(stack).add('project', 'skylark');
    Tags.of(stack).add('stage', settings.stage);
  }
  return { stateful, api, web, waf };
}

/**
 * The web ACL's stack in us-east-1. The web stack reads its ARN across regions, which CDK can only do between
 * stacks with a concrete account and region.
 */
function createWafStack(
  scope: Construct,
  prefix: string,
  settings: DeploySettings,
  env: Environment | undefined,
): WafStack {
  if (!env?.account || Token.isUnresolved(env.account) || !env.region || Token.isUnresolved(env.region)) {
    throw new SettingsError(
      'waf=true needs the target account and region: run with AWS credentials (CDK_DEFAULT_ACCOUNT and ' +
        'CDK_DEFAULT_REGION), because the web ACL lives in us-east-1 and the web stack reads it across regions',
    );
  }
  return new WafStack(scope, `${prefix}-waf`, {
    env: { account: env.account, region: WAF_REGION },
    settings,
    crossRegionReferences: env.region !== WAF_REGION,
    description: `Skylark ${settings.stage}: the WAF web ACL of the distribution (CloudFront's region)`,
  });
}
