/**
 * DynamoDB Local stays on this machine: the run's instance (started by local/dynamodb.ts, like `npm start`'s)
 * listens on 127.0.0.1 only, so a probe to another address of this machine finds nothing, and it was started
 * with its telemetry off.
 */
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, inject, it } from 'vitest';
import { TELEMETRY_OFF } from '#local/dynamodb';

const port = Number(new URL(inject('dynamodbEndpoint')).port);

function probe(host: string): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** The machine's own non-loopback IPv4 addresses (what another host on the network would connect to). */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && !address.internal && address.family === 'IPv4')
    .map((address) => (address as { address: string }).address);
}

describe('DynamoDB Local', () => {
  it('answers on 127.0.0.1', async () => {
    expect(await probe('127.0.0.1')).toBe('connected');
  });

  it('cannot be reached through any other address of this machine', async () => {
    const addresses = externalAddresses();
    expect(addresses.length, 'this machine needs a non-loopback address for the probe').toBeGreaterThan(0);
    for (const address of addresses) {
      expect(await probe(address), address).toBe('ECONNREFUSED');
    }
  });

  it('runs with telemetry off', async () => {
    const pids = await javaProcessesListeningOn(port);
    expect(pids.length).toBe(1);
    const commandLine = (await readFile(`/proc/${pids[0]}/cmdline`, 'utf8')).split('\0');
    expect(commandLine).toContain(TELEMETRY_OFF);
    expect(commandLine).toContain('-Dskylark.host=127.0.0.1');
  });
});

/** Java processes whose command line asks for this port (Linux /proc; the test machines are Linux). */
async function javaProcessesListeningOn(wanted: number): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const args = await readFile(`/proc/${pid}/cmdline`, 'utf8').then(
      (text) => text.split('\0'),
      (): string[] => [],
    );
    const at = args.indexOf('-port');
    if (args.includes('LoopbackDynamoDbLocal') && at >= 0 && args[at + 1] === String(wanted)) found.push(pid);
  }
  return found;
}
