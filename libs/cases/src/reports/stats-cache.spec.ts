import { StatsCache } from './stats-cache';
import { StatsSettings } from './stats-settings';

const cacheFor = (cacheSeconds: number) => new StatsCache({ cacheSeconds } as StatsSettings);

describe('StatsCache', () => {
  it('serves the same statement and parameters from one computation', async () => {
    const cache = cacheFor(60);
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cache.get(['sql', ['agency-a']], compute)).toBe(1);
    expect(await cache.get(['sql', ['agency-a']], compute)).toBe(1);
    expect(runs).toBe(1);
  });

  it('never shares an answer between different scope parameters', async () => {
    const cache = cacheFor(60);
    expect(await cache.get(['sql', ['agency-a']], async () => 'a')).toBe('a');
    expect(await cache.get(['sql', ['agency-b']], async () => 'b')).toBe('b');
  });

  it('does not keep failures, and caches nothing when disabled', async () => {
    const cache = cacheFor(60);
    await expect(cache.get(['x'], async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get(['x'], async () => 'ok')).toBe('ok');
    const off = cacheFor(0);
    let runs = 0;
    await off.get(['y'], async () => ++runs);
    await off.get(['y'], async () => ++runs);
    expect(runs).toBe(2);
  });
});
