/** What `npm start` prints once everything is up: where things are, in a few lines. */
import type { LocalStack } from './stack';

export function banner(stack: LocalStack, startupMs: number): string {
  const { publicUrl: url } = stack;
  const { routes, streamConsumers, topicSubscribers } = stack.functions;
  const rows: [string, string][] = [
    ['API', `${url}    (try: curl ${url}/v1/health)`],
    ['Mail', `${url}/_local/mail    (every message the API sends; nothing leaves this machine)`],
    ['SMS', `${url}/_local/sms    (receive one: POST ${url}/_local/sms/inbound {"from","body"})`],
    ['Data', stack.dataDir ?? 'in memory: everything is gone when you stop'],
    ['DynamoDB', `${stack.dynamodb.endpoint}    (table ${stack.tableName})`],
    ['Stream failures', stack.streams.failureDestination],
    [
      'Functions',
      `${routes} routes, ${streamConsumers} stream consumers, ${topicSubscribers} SMS subscribers`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    `Skylark is running locally (started in ${(startupMs / 1000).toFixed(1)} s)`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}
