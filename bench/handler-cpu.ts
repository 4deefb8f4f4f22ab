/**
 * CPU time of the HTTP handler chain per call (process.cpuUsage over many calls in one warm process):
 * GET /v1/health (the chain alone: logger context, metrics, header normaliser, CORS, error mapper) and
 * GET /v1/timeline (plus token verification, validation and one Query against DynamoDB Local).
 */
import { handler as health } from '#functions/system/health';
import { handler as homeTimeline } from '#functions/timeline/home-timeline';
import { makeApiEvent, makeLambdaContext } from '#test/factories/api-gateway-event';
import { insertVerifiedUser } from '#test/factories/users';
import { round, writeResult } from './support';

const WARM_UP = 50;
const CALLS = 500;

async function cpuPerCall(call: () => Promise<{ statusCode?: number }>) {
  for (let index = 0; index < WARM_UP; index++) await call();
  const before = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < CALLS; index++) {
    const response = await call();
    if ((response.statusCode ?? 500) >= 400) throw new Error(`status ${response.statusCode}`);
  }
  const cpu = process.cpuUsage(before);
  return {
    calls: CALLS,
    cpuMsPerCall: round((cpu.user + cpu.system) / 1000 / CALLS, 3),
    wallMsPerCall: round((performance.now() - started) / CALLS, 3),
  };
}

async function main() {
  const reader = await insertVerifiedUser();
  const context = makeLambdaContext();
  const rows = [
    { route: 'GET /v1/health', ...(await cpuPerCall(() => health(makeApiEvent(), context))) },
    {
      route: 'GET /v1/timeline',
      ...(await cpuPerCall(() =>
        homeTimeline(
          makeApiEvent({
            headers: { authorization: `Bearer ${reader.accessToken}` },
            queryStringParameters: { limit: '20' },
          }),
          context,
        ),
      )),
    },
  ];
  console.table(rows);
  await writeResult('handler-cpu', { rows });
}

await main();
