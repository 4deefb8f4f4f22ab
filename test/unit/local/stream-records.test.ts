import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { toLambdaRecord } from '#local/stream-records';

const streamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/skylark/stream/2026-01-01T00:00:00.000';

const sdkRecord: _Record = {
  eventID: 'e1',
  eventName: 'REMOVE',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'ddblocal',
  dynamodb: {
    ApproximateCreationDateTime: new Date('2026-01-01T10:20:00.000Z'),
    Keys: { PK: { S: 'USER#1' }, SK: { S: 'POST#1' } },
    OldImage: {
      PK: { S: 'USER#1' },
      SK: { S: 'POST#1' },
      blob: { B: new Uint8Array([1, 2, 3]) },
      nested: { M: { list: { L: [{ N: '1' }, { BS: [new Uint8Array([255])] }, { NULL: true }] } } },
    },
    SequenceNumber: '000000000000000000042',
    SizeBytes: 40,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
  userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
};

describe('toLambdaRecord', () => {
  const record = toLambdaRecord(sdkRecord, { streamArn, region: 'us-east-1' });

  it('adds what Lambda adds: the stream ARN, the source and the real region', () => {
    expect(record).toMatchObject({
      eventSourceARN: streamArn,
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
    });
  });

  it('gives the creation time as epoch seconds', () => {
    expect(record.dynamodb?.ApproximateCreationDateTime).toBe(Date.parse('2026-01-01T10:20:00.000Z') / 1000);
  });

  it('encodes binary attributes as base64 strings, also when nested', () => {
    expect(record.dynamodb?.OldImage?.blob).toEqual({ B: 'AQID' });
    expect(record.dynamodb?.OldImage?.nested).toEqual({
      M: { list: { L: [{ N: '1' }, { BS: ['/w=='] }, { NULL: true }] } },
    });
  });

  it('keeps the keys, the sequence number and the view type', () => {
    expect(record.dynamodb).toMatchObject({
      Keys: { PK: { S: 'USER#1' }, SK: { S: 'POST#1' } },
      SequenceNumber: '000000000000000000042',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(record.dynamodb).not.toHaveProperty('NewImage');
  });

  it('reports a TTL deletion with the service identity, in the casing Lambda uses', () => {
    expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });
});
