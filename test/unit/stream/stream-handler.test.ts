import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { streamHandler } from '#shared/stream/stream-handler';
import { makeLambdaContext } from '#test/factories/api-gateway-event';

function recordOf(sequence: string): DynamoDBRecord {
  return {
    eventID: `event-${sequence}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { SequenceNumber: sequence, NewImage: { PK: { S: 'X' }, SK: { S: sequence } } },
  };
}

/** A promise and the function that resolves it. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('streamHandler', () => {
  it('reports the failed records of a batch in batchItemFailures', async () => {
    const handler = streamHandler(async (record) => {
      if (record.dynamodb?.SequenceNumber === '2') throw new Error('cannot process 2');
    });
    const response = await handler({ Records: ['1', '2', '3'].map(recordOf) }, makeLambdaContext());
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
  });

  it('keeps two overlapping invocations apart, as when a timed-out one still runs beside its retry', async () => {
    const firstHeld = gate();
    const secondHeld = gate();
    const started: string[] = [];
    const handler = streamHandler(async (record) => {
      const sequence = record.dynamodb?.SequenceNumber ?? '';
      started.push(sequence);
      if (sequence === 'a1') await firstHeld.opened;
      if (sequence === 'a2') throw new Error('cannot process a2');
      if (sequence === 'b1') await secondHeld.opened;
    });
    const first = handler({ Records: ['a1', 'a2'].map(recordOf) }, makeLambdaContext());
    const second = handler({ Records: ['b1', 'b2'].map(recordOf) }, makeLambdaContext());
    // The first invocation fails a2 while the second is still in the middle of its own batch.
    firstHeld.open();
    expect(await first).toEqual({ batchItemFailures: [{ itemIdentifier: 'a2' }] });
    secondHeld.open();
    expect(await second).toEqual({ batchItemFailures: [] });
    expect(started).toEqual(['a1', 'b1', 'a2', 'b2']);
  });
});
