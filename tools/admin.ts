/**
 * npm run admin: the operator's commands, run by whoever can write the table.
 *
 *   npm run admin -- grant <username>      make an account an operator (GET/POST /v1/admin/*)
 *   npm run admin -- revoke <username>     take the role away
 *   npm run admin -- operators             list the operators
 *   npm run admin -- audit [--limit N]     the moderation audit log, newest first
 *   npm run admin -- index-relations       once, after upgrading: index blocks, mutes and follow requests
 *                                          written before they carried index keys (a filtered Scan)
 *   npm run admin -- index-instance        once, after upgrading: give older top-level posts their
 *                                          public-timeline keys and recount the instance counters (a
 *                                          filtered Scan; run when quiet, again to correct drift)
 *   npm run admin -- index-author-pages    once, after upgrading: put older posts and reposts on their
 *                                          users' pages (GSI3; a filtered Scan, safe while serving)
 *   npm run admin -- digest-celebrity-pages  once, after upgrading: give celebrities promoted before page
 *                                          digests theirs (a filtered Scan, safe while serving);
 *                                          --rebuild writes every digest again from the pages (when quiet)
 *
 * Where: `--local [--url http://127.0.0.1:3000]` (the default) asks the running `npm start` where its table is;
 * `--table <TableName output> [--region <region>]` works on a deployed table with the AWS credentials of the
 * shell (it needs dynamodb:GetItem, PutItem, DeleteItem, Query and TransactWriteItems on the table, and Scan and
 * UpdateItem for the index-* migrations and digest-celebrity-pages).
 * Grants and revocations are written to the audit log with the name of the person running the command.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run admin -- <grant <username> | revoke <username> | operators | audit [--limit N] |
       index-relations | index-instance | index-author-pages | digest-celebrity-pages [--rebuild]>
       [--local [--url http://127.0.0.1:3000] | --table <name> [--region <region>]]`;

class UsageError extends Error {}

interface Target {
  tableName: string;
  region: string;
  endpoint?: string;
}

async function localTarget(url: string): Promise<Target> {
  const response = await fetch(`${url.replace(/\/+$/, '')}/_local/table`).catch((error: unknown) => {
    throw new Error(
      `No local stack answers at ${url} (start it with npm start): ${(error as Error).message}`,
    );
  });
  if (!response.ok) throw new Error(`The local stack at ${url} answered ${response.status}`);
  const table = (await response.json()) as { endpoint: string; tableName: string; region: string };
  return { tableName: table.tableName, region: table.region, endpoint: table.endpoint };
}

/**
 * Points the one DynamoDB client (shared/db/client.ts, configured from shared/config.ts) at the target. That
 * configuration also requires the API's mail and token settings, which this tool never uses: it sends no mail
 * and signs no token, so it names inert values for them.
 */
async function useTarget(target: Target): Promise<void> {
  process.env.TABLE_NAME = target.tableName;
  process.env.AWS_REGION = target.region;
  process.env.PUBLIC_URL ??= 'http://admin.invalid';
  process.env.MAIL_FROM ??= 'admin@admin.invalid';
  if (target.endpoint) {
    const { LOCAL_CREDENTIALS } = await import('#local/aws-clients');
    process.env.DYNAMODB_ENDPOINT = target.endpoint;
    // DynamoDB Local takes any credentials; never send the developer's real ones to it.
    process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
  }
}

async function run(
  command: string,
  args: string[],
  options: { limit: number; rebuild: boolean },
): Promise<unknown> {
  const { limit } = options;
  const { moderationStore } = await import('#shared/db/moderation-repository');
  const { userDirectory } = await import('#shared/db/user-directory');
  const { findAnyUserByUsername } = await import('#shared/db/user-repository');
  const { systemClock, ulidIds } = await import('#shared/domain/clock');
  const { setOperatorRole } = await import('#shared/domain/moderation/moderation');
  const deps = {
    moderation: moderationStore,
    users: { ...userDirectory, findAnyByUsername: findAnyUserByUsername },
    clock: systemClock,
    ids: ulidIds,
  };
  switch (command) {
    case 'grant':
    case 'revoke': {
      const [username] = args;
      if (!username || args.length !== 1) throw new UsageError(`${command} takes one username`);
      const actor = { via: 'cli' as const, name: userInfo().username };
      return setOperatorRole(deps, { actor, username, operator: command === 'grant' });
    }
    case 'operators':
      return moderationStore.listOperators({ limit: 100 });
    case 'audit':
      return moderationStore.pageAuditLog({ limit });
    case 'index-relations': {
      const { indexRelationsWrittenBefore } = await import('#shared/db/relationship-index-migration');
      return indexRelationsWrittenBefore();
    }
    case 'index-instance': {
      const { backfillInstanceIndexes } = await import('#shared/db/instance-index-backfill');
      return backfillInstanceIndexes();
    }
    case 'index-author-pages': {
      const { backfillAuthorPageIndex } = await import('#shared/db/author-page-index-backfill');
      return backfillAuthorPageIndex();
    }
    case 'digest-celebrity-pages': {
      const { backfillPageDigests } = await import('#shared/db/page-digest-backfill');
      return backfillPageDigests({ rebuild: options.rebuild });
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      local: { type: 'boolean' },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      table: { type: 'string' },
      region: { type: 'string' },
      limit: { type: 'string', default: '50' },
      help: { type: 'boolean' },
      rebuild: { type: 'boolean' },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit is 1–100');
  if (values.local && values.table) throw new UsageError('--local or --table, not both');
  const target = values.table
    ? { tableName: values.table, region: values.region ?? process.env.AWS_REGION ?? 'us-east-1' }
    : await localTarget(values.url);
  await useTarget(target);
  if (values.rebuild && command !== 'digest-celebrity-pages')
    throw new UsageError('--rebuild is for digest-celebrity-pages');
  const result = await run(command, args, { limit, rebuild: values.rebuild ?? false });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof UsageError ? `${error.message}\n${USAGE}` : (error as Error).message}\n`,
    );
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
