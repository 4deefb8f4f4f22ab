/**
 * Builds Skylark's two stacks into an app (or a test's App): the stateful stack, then the API stack that
 * receives its resources. bin/app.ts passes functions/catalog.ts; infra tests pass their own catalog.
 */
import type { Environment } from 'aws-cdk-lib';
import { Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeploySettings } from '#infra/settings';
import { ApiStack, type FunctionCatalog } from '#infra/stacks/api-stack';
import { StatefulStack } from '#infra/stacks/stateful-stack';
import { WebStack, type WebStackProps } from '#infra/stacks/web-stack';

export interface SkylarkStacksOptions {
  settings: DeploySettings;
  catalog: FunctionCatalog;
  /** Leave account/region unset for environment-agnostic stacks (synth works without credentials). */
  env?: Environment;
  /** Extension points of the web stack (a web ACL, origin headers) and a prebuilt site. */
  web?: Pick<WebStackProps, 'siteDir' | 'webAclArn' | 'apiOriginHeaders'>;
}

export interface SkylarkStacks {
  stateful: StatefulStack;
  api: ApiStack;
  web: WebStack;
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
    ...options.web,
    description: `Skylark ${settings.stage}: web client on CloudFront, with the API on the same origin`,
  });
  web.addStackDependency(api, 'the distribution routes the API paths to the HTTP API');

  for (const stack of [stateful, api, web]) {
    Tags.of(stack).add('project', 'skylark');
    Tags.of(stack).add('stage', settings.stage);
  }
  return { stateful, api, web };
}
