/**
 * CloudFormation refuses a template of more than 500 resources, and the API grows by ~9 resources a function
 * (function, role, policy, log group, permission, integration, routes, two alarms). The API stack therefore
 * holds one nested stack per catalog area; this test keeps every stack of the app, nested ones included, below a
 * margin that leaves room for an area to grow before anyone has to act.
 */
import { App, CfnWaitConditionHandle, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AreaStack, areaOf, areaStackId } from '#infra/stacks/area-stack';
import { SYNTH_TIMEOUT_MS, stackResourceCounts, synthTestApp, type TestApp, testCatalog } from './test-app';

/** CloudFormation's limit is 500 resources a template. */
const SAFE_MARGIN = 450;

let testApp: TestApp;
beforeAll(() => {
  testApp = synthTestApp();
}, SYNTH_TIMEOUT_MS);

const catalogEntries = [
  ...testCatalog.httpRoutes,
  ...testCatalog.streamConsumers,
  ...testCatalog.topicSubscribers,
];

describe('stack sizes', () => {
  it(`keeps every stack, nested ones included, at ${SAFE_MARGIN} resources or fewer`, () => {
    const counts = stackResourceCounts(testApp.app);
    expect(counts.filter((stack) => stack.resources > SAFE_MARGIN)).toEqual([]);
    // The nested stacks are counted, not only the three top-level ones.
    expect(counts.map((stack) => stack.path)).toEqual(
      expect.arrayContaining([...testApp.api.areas.values()].map((area) => area.node.path)),
    );
    // Together they hold more than one template could: the split is what keeps each under the limit.
    const api = counts.filter((stack) => stack.path.startsWith(testApp.api.node.path));
    expect(api.reduce((sum, stack) => sum + stack.resources, 0)).toBeGreaterThan(500);
  });

  it('reports a stack above the margin, top-level or nested (the check is not vacuous)', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Crowded');
    for (let index = 0; index <= SAFE_MARGIN; index += 1)
      new CfnWaitConditionHandle(nested, `Handle${index}`);
    const crowded = stackResourceCounts(app).filter((stack) => stack.resources > SAFE_MARGIN);
    expect(crowded).toEqual([{ path: 'Parent/Crowded', resources: SAFE_MARGIN + 1 }]);
  });
});

describe('one nested stack per area', () => {
  it('puts every function in the stack of its functions/<area>/ and none in the parent', () => {
    for (const entry of catalogEntries) {
      const area = testApp.api.areas.get(areaOf(entry.entry));
      expect(area?.functions.has(entry.name), `${entry.name} in ${areaOf(entry.entry)}`).toBe(true);
    }
    expect(new Set(testApp.api.areas.keys())).toEqual(
      new Set(catalogEntries.map((entry) => areaOf(entry.entry))),
    );
    Template.fromStack(testApp.api).resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('keeps each route beside the integration it targets, and the permission beside its function', () => {
    for (const area of testApp.api.areas.values()) {
      const template = Template.fromStack(area).toJSON() as {
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
      };
      const ofType = (type: string) =>
        Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
      const integrations = new Set(ofType('AWS::ApiGatewayV2::Integration').map(([id]) => id));
      for (const [id, route] of ofType('AWS::ApiGatewayV2::Route')) {
        const target = JSON.stringify(route.Properties.Target);
        expect(
          [...integrations].some((integration) => target.includes(`"${integration}"`)),
          `${area.area}: ${id}`,
        ).toBe(true);
      }
      const functions = new Set(ofType('AWS::Lambda::Function').map(([fn]) => fn));
      for (const [id, permission] of ofType('AWS::Lambda::Permission')) {
        const [fnId] = (permission.Properties.FunctionName as { 'Fn::GetAtt': [string] })['Fn::GetAtt'];
        expect(functions.has(fnId), `${area.area}: ${id}`).toBe(true);
      }
    }
  });

  it('derives the area and its stack id from the entry path alone', () => {
    expect(areaOf('functions/auth/login.ts')).toBe('auth');
    expect(areaStackId('follow-requests')).toBe('FollowRequests');
    expect(() => areaOf('infra/functions/rotate-signing-keys.ts')).toThrow(/functions\/<area>/);
    expect(testApp.api.areas.get('auth')).toBeInstanceOf(AreaStack);
  });
});
