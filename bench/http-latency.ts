/**
 * Latency of GET /v1/timeline and POST /v1/posts through the local stack (gateway → handler module → DynamoDB
 * Local, with the stream poller fanning posts out meanwhile), sequential requests after a warm-up.
 */
import { percentile, round, seedReaderTimeline, startBenchStack, writeResult } from './support';

const SAMPLES = 200;
const WARM_UP = 20;

async function main() {
  const stack = await startBenchStack();
  try {
    const { reader, call } = await seedReaderTimeline(stack);

    const time = async (label: string, run: (index: number) => Promise<unknown>) => {
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
