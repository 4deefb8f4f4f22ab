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

export interface SkylarkStacksOptions {
  settings: DeploySettings;
  catalog: FunctionCatalog;
  /** Leave account/region unset for environment-agnostic stacks (synth works without credentials). */
  env?: Environment;
}

export interface SkylarkStacks {
  stateful: StatefulStack;
  api: ApiStack;
}

export function createSkylarkStacks(scope: Construct, options: SkylarkStacksOptions): SkylarkStacks {
  const { settings, catalog, env } = options;
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

  for (const stack of [stateful, api]) {
    Tags.of(stack).add('project', 'skylark');
    Tags.of(stack).add('stage', settings.stage);
  }
  return { stateful, api };
}
