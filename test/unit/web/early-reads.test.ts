import { describe, expect, it } from 'vitest';
import { startEarly, takeEarly } from '../../../web/src/early-reads';

describe('early reads of the first screen', () => {
  it('hands the screen the read already on its way, once; later takes read afresh', async () => {
    let reads = 0;
    const read = async () => ++reads;
    startEarly('timeline', read);
    expect(reads).toBe(1);
    expect(await takeEarly('timeline', read)).toBe(1);
    expect(await takeEarly('timeline', read)).toBe(2);
  });

  it('reads at once when nothing was started', async () => {
    expect(await takeEarly('nothing-started', async () => 'fresh')).toBe('fresh');
  });

  it('keeps a failed early read’s error for the screen, without an unhandled rejection before', async () => {
    startEarly('profile', async () => {
      throw new Error('user_not_found');
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(takeEarly('profile', async () => 'never')).rejects.toThrow('user_not_found');
  });
});
