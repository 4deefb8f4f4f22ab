/**
 * Latency of GET /v1/timeline and POST /v1/posts through the local stack (gateway → handler module → DynamoDB
 * Local, with the stream poller fanning posts out meanwhile), sequential requests after a warm-up.
 */
import { startLocalStack } from '#local/stack';
import { insertVerifiedUser } from '#test/factories/users';
import { percentile, round, writeResult } from './support';

const SAMPLES = 200;
const WARM_UP = 20;

async function main() {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const stack = await startLocalStack({
    port: 0,
    inMemory: true,
    quiet: true,
    ...(endpoint ? { dynamodbEndpoint: endpoint } : {}),
    tableName: process.env.TABLE_NAME,
  });
  try {
    const reader = await insertVerifiedUser();
    const authors = await Promise.all(Array.from({ length: 10 }, () => insertVerifiedUser()));
    const call = (method: string, path: string, token: string, body?: unknown) =>
      fetch(new URL(path, stack.url), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then(async (response) => {
        await response.arrayBuffer();
        if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status}`);
      });
    for (const author of authors)
      await call('PUT', `/v1/users/${author.user.username}/follow`, reader.accessToken);
    for (let index = 0; index < 100; index++) {
      const author = authors[index % authors.length];
      if (author) await call('POST', '/v1/posts', author.accessToken, { text: `seed post ${index} #bench` });
    }
    await stack.streams.drain({ timeoutMs: 60_000 });

    const time = async (label: string, run: (index: number) => Promise<void>) => {
      for (let index = 0; index < WARM_UP; index++) await run(index);
      const samples: number[] = [];
      for (let index = 0; index < SAMPLES; index++) {
        const started = performance.now();
        await run(index);
        samples.push(performance.now() - started);
      }
      const result = {
        route: label,
        samples: SAMPLES,
        medianMs: round(percentile(samples, 50)),
        p99Ms: round(percentile(samples, 99)),
      };
      console.log(`${label}: median ${result.medianMs} ms, p99 ${result.p99Ms} ms`);
      return result;
    };
    const rows = [
      await time('GET /v1/timeline', () => call('GET', '/v1/timeline?limit=20', reader.accessToken)),
      await time('POST /v1/posts', (index) =>
        call('POST', '/v1/posts', reader.accessToken, { text: `latency ${index} @nobody` }),
      ),
    ];
    await stack.streams.drain({ timeoutMs: 60_000 });
    await writeResult('http-latency', { rows });
  } finally {
    await stack.stop();
  }
}

await main();
