/**
 * The one test that runs esbuild for real (the others skip bundling): the bundle must be ESM, able to load
 * CommonJS dependencies, with a source map, built locally without Docker.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/catalog';
import { SkylarkFunction } from '#infra/constructs/skylark-function';
import { SYNTH_TIMEOUT_MS } from '../test-app';

let bundleDir: string;
let template: Template;

beforeAll(() => {
  const [route] = httpRoutes;
  if (!route) throw new Error('the catalog has no route to bundle');
  // Asset metadata (the bundle's path in the cloud assembly) is only written when asked for outside the CLI.
  const app = new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bundle');
  new SkylarkFunction(stack, route.name, {
    settings: route,
    shared: {
      environment: {},
      logRetention: logs.RetentionDays.ONE_DAY,
      removalPolicy: RemovalPolicy.DESTROY,
      table: dynamodb.Table.fromTableName(stack, 'Table', 'table'),
      accessTokenKeys: {
        tableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/table',
        keyArnPattern: 'arn:aws:kms:eu-west-1:123456789012:key/*',
        tag: { key: 'skylark:access-token-key', value: 'bundle' },
      },
      mail: {
        identityArns: [],
        configurationSetArn: 'arn:aws:ses:eu-west-1:123456789012:configuration-set/x',
      },
    },
  });
  const assembly = app.synth();
  template = Template.fromStack(stack);
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  const assetPath = (fn?.Metadata as Record<string, string> | undefined)?.['aws:asset:path'];
  if (!assetPath) throw new Error('no asset path on the function');
  bundleDir = path.join(assembly.directory, assetPath);
}, SYNTH_TIMEOUT_MS);

describe('SkylarkFunction bundling', () => {
  it('emits a minified ESM bundle that defines require for CommonJS dependencies', () => {
    const bundle = readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith('import { createRequire as __skylarkCreateRequire }')).toBe(true);
    expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{\s*handler\b/);
  });

  it('ships a source map', () => {
    expect(existsSync(path.join(bundleDir, 'index.mjs.map'))).toBe(true);
  });
});
