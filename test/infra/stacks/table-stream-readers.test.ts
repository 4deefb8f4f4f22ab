/**
 * AWS advises at most two Lambda readers per DynamoDB stream shard (more are throttled against the shard's read
 * limit). Skylark's table has exactly two, one per failure domain (functions/reactions/): a new reaction joins
 * a list, and this test fails if a third event source mapping is attached to the table stream.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes, streamConsumers, topicSubscribers } from '#functions/catalog';
import { probeConsumer, SYNTH_TIMEOUT_MS, synthTestApp, type TestApp } from '../test-app';

const MAX_TABLE_STREAM_READERS = 2;

/** The event source mappings of the API stack that read the table's stream. */
function tableStreamMappings(testApp: TestApp): string[] {
  const [tableId] = Object.keys(testApp.statefulTemplate.findResources('AWS::DynamoDB::Table'));
  if (!tableId) throw new Error('the stateful stack has no table');
  const mappings = testApp.apiTemplate.findResources('AWS::Lambda::EventSourceMapping');
  return Object.entries(mappings)
    .filter(([, mapping]) => {
      const source = JSON.stringify((mapping.Properties as { EventSourceArn: unknown }).EventSourceArn);
      return source.includes(tableId) && source.includes('StreamArn');
    })
    .map(([id]) => id);
}

function functionNames(template: Template, mappingIds: string[]): string[] {
  const mappings = template.findResources('AWS::Lambda::EventSourceMapping');
  return mappingIds.map((id) => JSON.stringify(mappings[id]?.Properties?.FunctionName));
}

let real: TestApp;
let withThirdReader: TestApp;

beforeAll(() => {
  real = synthTestApp({ catalog: { httpRoutes, streamConsumers, topicSubscribers } });
  withThirdReader = synthTestApp({
    catalog: { httpRoutes, streamConsumers: [...streamConsumers, probeConsumer], topicSubscribers },
  });
}, 2 * SYNTH_TIMEOUT_MS);

describe('the table stream', () => {
  it(`has at most ${MAX_TABLE_STREAM_READERS} Lambda readers, one per failure domain`, () => {
    const mappings = tableStreamMappings(real);
    expect(mappings.length).toBeLessThanOrEqual(MAX_TABLE_STREAM_READERS);
    expect(mappings).toHaveLength(streamConsumers.length);
    expect(new Set(functionNames(real.apiTemplate, mappings)).size).toBe(mappings.length);
  });

  it('is counted by this check: a third reader in the catalog breaks it', () => {
    const mappings = tableStreamMappings(withThirdReader);
    expect(mappings).toHaveLength(streamConsumers.length + 1);
    expect(mappings.length).toBeGreaterThan(MAX_TABLE_STREAM_READERS);
  });
});
