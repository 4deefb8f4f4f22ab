import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliOptions } from '#local/cli-options';

describe('parseCliOptions', () => {
  it('defaults to port 3000 and the .skylark data directory', () => {
    expect(parseCliOptions([], {})).toEqual({
      port: 3000,
      inMemory: false,
      dataDir: '.skylark',
      help: false,
    });
  });

  it('takes the port from --port before PORT', () => {
    expect(parseCliOptions(['--port', '3100'], { PORT: '4000' }).port).toBe(3100);
    expect(parseCliOptions([], { PORT: '4000' }).port).toBe(4000);
    expect(parseCliOptions(['--port=0'], {}).port).toBe(0);
  });

  it('reads --in-memory and --data-dir', () => {
    expect(parseCliOptions(['--in-memory'], {}).inMemory).toBe(true);
    expect(parseCliOptions(['--data-dir', '/tmp/sky'], {}).dataDir).toBe('/tmp/sky');
  });

  it('rejects a port that is not a port', () => {
    for (const port of ['abc', '-1', '70000', '3.5']) {
      expect(() => parseCliOptions(['--port', port], {})).toThrow(CliUsageError);
    }
    expect(() => parseCliOptions([], { PORT: 'x' })).toThrow(/PORT must be a port number/);
  });

  it('rejects unknown options and contradicting ones', () => {
    expect(() => parseCliOptions(['--verbose'], {})).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--in-memory', '--data-dir', 'x'], {})).toThrow(/exclude each other/);
  });
});
