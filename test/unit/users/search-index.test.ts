import { describe, expect, it } from 'vitest';
import { type IndexedProfile, indexChanges } from '#shared/db/search-repository';

const ada: IndexedProfile = {
  userId: 'u1',
  username: 'ada',
  firstName: 'Ada',
  lastName: 'Lovelace',
  emailVerified: true,
};

function keysOf(writes: ReturnType<typeof indexChanges>, kind: 'PutRequest' | 'DeleteRequest') {
  return writes.flatMap((write) => {
    const record = kind === 'PutRequest' ? write.PutRequest?.Item : write.DeleteRequest?.Key;
    return record ? [`${record.PK} ${record.SK}`] : [];
  });
}

describe('search index maintenance', () => {
  it('indexes a user when the account is verified', () => {
    const writes = indexChanges({ ...ada, emailVerified: false }, ada);
    expect(keysOf(writes, 'PutRequest')).toEqual([
      'SEARCH#USERNAME#a ada',
      'SEARCH#NAME#a ada#u1',
      'SEARCH#NAME#a ada lovelace#u1',
      'SEARCH#NAME#l lovelace#u1',
    ]);
    expect(keysOf(writes, 'DeleteRequest')).toEqual([]);
  });

  it('writes nothing for unverified accounts and for changes that leave the terms as they were', () => {
    expect(indexChanges(undefined, { ...ada, emailVerified: false })).toEqual([]);
    expect(indexChanges(ada, { ...ada })).toEqual([]);
  });

  it('deletes the terms a rename removes and rewrites the rest', () => {
    const writes = indexChanges(ada, { ...ada, lastName: 'King' });
    expect(keysOf(writes, 'DeleteRequest')).toEqual([
      'SEARCH#NAME#a ada lovelace#u1',
      'SEARCH#NAME#l lovelace#u1',
    ]);
    expect(keysOf(writes, 'PutRequest')).toContain('SEARCH#NAME#k king#u1');
  });

  it('removes every entry when the profile is deleted', () => {
    expect(keysOf(indexChanges(ada, undefined), 'DeleteRequest')).toHaveLength(4);
  });
});
