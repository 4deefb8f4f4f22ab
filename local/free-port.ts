import { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago. For child processes that cannot listen on port 0 and report back
 * (DynamoDB Local); anything we serve ourselves listens on port 0 directly instead.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not determine a free port'));
      });
    });
  });
}
