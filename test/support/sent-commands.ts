/**
 * Records the document-client commands sent through db() until `stop()` (they are still sent): what a read
 * asked DynamoDB for, for tests that check a request shape and for the bench's bare replays.
 */
import { db } from '#shared/db/client';

export type SentCommand = Parameters<ReturnType<typeof db>['send']>[0] & { input: Record<string, unknown> };

export function recordSentCommands() {
  const client = db();
  const original = client.send.bind(client) as (command: SentCommand) => Promise<unknown>;
  const commands: SentCommand[] = [];
  client.send = ((command: SentCommand) => {
    commands.push(command);
    return original(command);
  }) as typeof client.send;
  return {
    commands,
    stop: () => {
      client.send = original as typeof client.send;
    },
  };
}
