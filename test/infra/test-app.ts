/**
 * Builds Skylark's stacks the way bin/app.ts does, with the feature flags of cdk.json, for Template assertions.
 * The catalog is the real one plus probes: a route using every capability, a stream consumer with filters and a
 * topic subscriber, so that consumer and subscriber wiring is tested before real ones exist. Probes reuse a real
 * handler module as their entry (NodejsFunction requires the file to exist).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { httpRoutes, scheduledJobs, streamConsumers, topicSubscribers } from '#functions/catalog';
import { REPO_ROOT } from '#infra/constructs/skylark-function';
import { readSettings } from '#infra/settings';
import { createSkylarkStacks, type SkylarkStacks } from '#infra/skylark';
import type { FunctionCatalog } from '#infra/stacks/api-stack';
import type { HttpRoute, StreamConsumer, TopicSubscriber } from '#shared/catalog';

const PROBE_ENTRY = 'functions/system/health.ts';

/** Building the whole app takes seconds, grows with the catalog, and takes a minute or more on a busy machine. */
export const SYNTH_TIMEOUT_MS = 180_000;

export const probeRoute: HttpRoute = {
  name: 'InfraProbeEverything',
  method: 'PATCH',
  path: '/v1/_infra-probe/{id}',
  entry: PROBE_ENTRY,
  auth: 'required',
  uses: [
    'table:read',
    'table:write',
    'mail',
    'sms',
    'issue-tokens',
    'export-archive:read',
    'export-archive:write',
  ],
  memoryMb: 1024,
  timeoutSeconds: 20,
};

export const probeConsumer: StreamConsumer = {
  name: 'InfraProbeFanOut',
  entry: PROBE_ENTRY,
  uses: ['table:read', 'table:write'],
  batchSize: 50,
  maxBatchingWindowSeconds: 2,
  retryAttempts: 4,
  maxRecordAgeSeconds: 4 * 3600,
  bisectOnError: true,
  filters: [
    { eventName: ['INSERT', 'REMOVE'], dynamodb: { NewImage: { type: { S: ['POST'] } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: ['POST'] } } } },
  ],
};

export const probeSubscriber: TopicSubscriber = {
  name: 'InfraProbeInboundSms',
  entry: PROBE_ENTRY,
  uses: ['table:write', 'sms'],
  topic: 'inbound-sms',
};

export const testCatalog: FunctionCatalog = {
  httpRoutes: [...httpRoutes, probeRoute],
  streamConsumers: [...streamConsumers, probeConsumer],
  topicSubscribers: [...topicSubscribers, probeSubscriber],
  scheduledJobs,
};

/** cdk.json's context (feature flags), so tests synthesise what `cdk synth` does. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface TestApp extends SkylarkStacks {
  app: App;
  statefulTemplate: Template;
  apiTemplate: Template;
  webTemplate: Template;
}

export interface TestAppOptions {
  /** CDK context (as `-c key=value` would pass it). */
  context?: Record<string, unknown>;
  catalog?: FunctionCatalog;
  /** Run esbuild for real; off by default because Template assertions do not look at the code. */
  bundle?: boolean;
}

export function synthTestApp(options: TestAppOptions = {}): TestApp {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      // CDK's own switch: an empty list skips asset bundling for every stack.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stacks = createSkylarkStacks(app, {
    settings: readSettings(app.node),
    catalog: options.catalog ?? testCatalog,
  });
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    apiTemplate: Template.fromStack(stacks.api),
    webTemplate: Template.fromStack(stacks.web),
  };
}

/** The logical id of the Lambda function built for a catalog entry. */
export function functionLogicalId(template: Template, name: string): string {
  const found = Object.keys(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Description: `Skylark ${name} (${findEntry(name)})` },
    }),
  );
  if (found.length !== 1) throw new Error(`expected one function for ${name}, found ${found.length}`);
  return found[0] as string;
}

function findEntry(name: string): string {
  const all = [
    ...testCatalog.httpRoutes,
    ...testCatalog.streamConsumers,
    ...testCatalog.topicSubscribers,
    ...(testCatalog.scheduledJobs ?? []),
  ];
  const settings = all.find((candidate) => candidate.name === name);
  if (!settings) throw new Error(`${name} is not in the test catalog`);
  return settings.entry;
}
