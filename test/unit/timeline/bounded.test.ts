import { describe, expect, it } from 'vitest';
import { limiter, mapBounded } from '#shared/domain/bounded';

describe('mapBounded', () => {
  it('runs at most `limit` calls at once and keeps the results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it('answers an empty list with an empty list', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});

describe('limiter', () => {
  it('lets at most `limit` tasks run at once, whenever they are given, and passes failures on', async () => {
    const run = limiter(2);
    let running = 0;
    let most = 0;
    const task = (ms: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms;
    };
    const early = [run(task(5)), run(task(1))];
    await new Promise((resolve) => setTimeout(resolve, 0));
    const late = [run(task(3)), run(task(2))];
    const failed = expect(run(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await Promise.all(early)).toEqual([5, 1]);
    expect(await Promise.all(late)).toEqual([3, 2]);
    await failed;
    expect(most).toBe(2);
    expect(await run(task(0))).toBe(0);
  });
});
