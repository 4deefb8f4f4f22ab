import { describe, expect, it } from 'vitest';
import { interpretBatchResponse } from '#local/stream-consumer-lane';

const batch = ['100', '200', '300'];

describe('interpretBatchResponse', () => {
  it('treats nothing, null and an empty list as full success', () => {
    for (const result of [undefined, null, {}, { batchItemFailures: null }, { batchItemFailures: [] }]) {
      expect(interpretBatchResponse(result, batch)).toEqual({ kind: 'success' });
    }
  });

  it('retries from the lowest reported sequence number', () => {
    const result = { batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }] };
    expect(interpretBatchResponse(result, batch)).toEqual({ kind: 'partial', failedFrom: 1 });
  });

  it('fails the whole batch for an empty, missing or unknown identifier', () => {
    for (const failure of [{ itemIdentifier: '' }, {}, { itemIdentifier: '999' }, null]) {
      expect(interpretBatchResponse({ batchItemFailures: [failure] }, batch).kind).toBe('error');
    }
  });

  it('fails the whole batch when batchItemFailures is not a list', () => {
    expect(interpretBatchResponse({ batchItemFailures: '200' }, batch).kind).toBe('error');
  });
});
