import { describe, expect, it } from 'vitest';
import { isAllowedHost } from '#local/gateway';

describe('the local gateway Host check', () => {
  it.each(['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:3000'])('accepts %s', (host) => {
    expect(isAllowedHost(host, 3000, '127.0.0.1')).toBe(true);
  });

  it.each([
    ['a rebinding attacker name', 'attacker.example:3000'],
    ['a loopback name on another port', 'localhost:3001'],
    ['a loopback name without the port', 'localhost'],
    ['a name that only starts like localhost', 'localhost.attacker.example:3000'],
    ['no Host at all', undefined],
  ])('refuses %s', (_label, host) => {
    expect(isAllowedHost(host, 3000, '127.0.0.1')).toBe(false);
  });

  it('accepts the address the gateway was explicitly bound to, and a bare name on port 80', () => {
    expect(isAllowedHost('192.0.2.10:3000', 3000, '192.0.2.10')).toBe(true);
    expect(isAllowedHost('0.0.0.0:3000', 3000, '0.0.0.0')).toBe(false);
    expect(isAllowedHost('localhost', 80, '127.0.0.1')).toBe(true);
  });
});
