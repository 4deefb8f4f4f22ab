/**
 * The CDK app (cdk.json runs it with tsx). Settings come from CDK context with defaults, so `npx cdk synth`
 * works offline; account and region come from the CLI's CDK_DEFAULT_* when it has credentials, otherwise the
 * stacks are environment-agnostic. cdk-nag (AWS Solutions and Serverless packs) runs as a validation plugin: any
 * finding that is not acknowledged with a reason fails the synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { httpRoutes, scheduledJobs, streamConsumers, topicSubscribers } from '#functions/catalog';
import { readSettings, SettingsError } from '#infra/settings';
import { createSkylarkStacks } from '#infra/skylark';

const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

exitOnSettingsError(() =>
  createSkylarkStacks(app, {
    settings: readSettings(app.node),
    catalog: { httpRoutes, streamConsumers, topicSubscribers, scheduledJobs },
    env: account || region ? { account, region } : undefined,
  }),
);

Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
  new ServerlessChecks(app, { writeSuppressionsToCloudFormation: true }),
);

/** A bad context value is an operator's typo, not a crash: print what is wrong without a stack trace. */
function exitOnSettingsError(build: () => void): void {
  try {
    build();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
