/**
 * Builds Skylark's stacks the way bin/app.ts does, with the feature flags of cdk.json, for Template assertions.
 * The catalog is the real one plus probes: a route using every capability, a stream consumer with filters and a
 * topic subscriber, so that consumer and subscriber wiring is tested before real ones exist. Probes reuse a real
 * handler module as their entry (NodejsFunction requires the file to exist).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type CfnResource, type Environment, NestedStack, Stack } from 'aws-cdk-lib';
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
  /** The API stack with its area stacks folded in (flattenedTemplate). */
  apiTemplate: Template;
  webTemplate: Template;
}

export interface TestAppOptions {
  /** CDK context (as `-c key=value` would pass it). */
  context?: Record<string, unknown>;
  catalog?: FunctionCatalog;
  /** Run esbuild for real; off by default because Template assertions do not look at the code. */
  bundle?: boolean;
  /** A concrete account and region (cross-region references need one); default: environment-agnostic. */
  env?: Environment;
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
    env: options.env,
  });
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    apiTemplate: flattenedTemplate(stacks.api),
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

type TemplateJson = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }>;
  Outputs?: Record<string, { Value: unknown }>;
  Parameters?: Record<string, unknown>;
};

/**
 * A stack and its nested stacks as one template, as if nothing were nested: each nested stack's resources join
 * the parent's, a nested parameter reads as the value the parent passes, and a parent's reference to a nested
 * output as that output's value. Assertions about functions, grants, routes and alarms then hold whichever
 * area's stack holds them (the split is tested on its own in stack-limits.test.ts).
 */
export function flattenedTemplate(stack: Stack): Template {
  return Template.fromJSON(flattenJson(stack));
}

function flattenJson(stack: Stack): TemplateJson {
  const json = structuredClone(Template.fromStack(stack).toJSON()) as TemplateJson;
  const resources = json.Resources ?? {};
  const nestedOutputs = new Map<string, Record<string, { Value: unknown }>>();
  for (const child of stack.node.findAll()) {
    if (!(child instanceof NestedStack) || child.nestedStackParent !== stack) continue;
    const id = stack.resolve((child.nestedStackResource as CfnResource).logicalId) as string;
    const passed = (resources[id]?.Properties?.Parameters ?? {}) as Record<string, unknown>;
    const nested = substitute(flattenJson(child), (node) => {
      const ref = (node as { Ref?: unknown }).Ref;
      return typeof ref === 'string' && ref in passed ? { value: passed[ref] } : undefined;
    });
    for (const [logicalId, resource] of Object.entries(nested.Resources ?? {})) {
      if (logicalId in resources) throw new Error(`flattenedTemplate: ${logicalId} is in two stacks`);
      resources[logicalId] = resource;
    }
    nestedOutputs.set(id, nested.Outputs ?? {});
    delete resources[id];
  }
  const flat = substitute(json, (node) => {
    const getAtt = (node as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
    if (!Array.isArray(getAtt)) return undefined;
    const [id, attribute] = getAtt as [string, string];
    const output = nestedOutputs.get(id)?.[String(attribute).replace(/^Outputs\./, '')];
    return output ? { value: output.Value } : undefined;
  });
  // Dependencies on a nested stack stand for its resources, which are now in the same template.
  for (const resource of Object.values(flat.Resources ?? {})) {
    if (Array.isArray(resource.DependsOn)) {
      resource.DependsOn = resource.DependsOn.filter((id) => !nestedOutputs.has(String(id)));
    }
  }
  return flat;
}

/** Replaces every node for which `replace` returns a value, depth first, in a copy. */
function substitute<T>(value: T, replace: (node: object) => { value: unknown } | undefined): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const replaced = replace(node);
    if (replaced) return walk(replaced.value);
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
  };
  return walk(value) as T;
}

/** Every stack of an app, nested ones included, with its CloudFormation resource count. */
export function stackResourceCounts(app: App): { path: string; resources: number }[] {
  return app.node
    .findAll()
    .filter((construct): construct is Stack => Stack.isStack(construct))
    .map((stack) => ({
      path: stack.node.path,
      resources: Object.keys(Template.fromStack(stack).toJSON().Resources ?? {}).length,
    }));
}
