import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { outsideWorldReactionDeps, tableReactionDeps } from '#functions/reactions/deps';
import {
  accountExport,
  archiveRetirement,
  engagementCleanup,
  messageNotification,
  messageSms,
  notifications,
  outsideWorldReactions,
  postIndex,
  type ReactionDeps,
  repostFanOut,
  searchIndex,
  smsNotifications,
  tableReactions,
  timelineFanOut,
} from '#functions/reactions/reactions';
import { outsideWorldReactionsReader, tableReactionsReader } from '#functions/reactions/routes';
import type { StreamFilterPattern } from '#shared/catalog';
import { matchesAnyFilter } from '#shared/stream/filter-pattern';
import { reactionsFor, readerFilters, type StreamReaction } from '#shared/stream/reaction';
import { dispatchTo, reactionReader } from '#shared/stream/reaction-reader';
import { makeLambdaContext } from '#test/factories/api-gateway-event';

type ChangeKind = 'INSERT' | 'MODIFY' | 'REMOVE';

/** A stream record as Lambda delivers it, of an item of `type` (REMOVE carries only the old image). */
function recordOf(eventName: ChangeKind, type: string, sequence = '1'): DynamoDBRecord {
  const image = { PK: { S: 'X' }, SK: { S: sequence }, type: { S: type } };
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: sequence,
      ...(eventName === 'REMOVE' ? {} : { NewImage: image }),
      ...(eventName === 'INSERT' ? {} : { OldImage: image }),
    },
  };
}

type ExportStatus = 'pending' | 'ready';

/** A change of Ada's export request item, from one status to another (undefined: no item on that side). */
function exportChange(before: ExportStatus | undefined, after: ExportStatus | undefined): DynamoDBRecord {
  const image = (status: ExportStatus, exportId: string) => ({
    PK: { S: 'USER#ada' },
    SK: { S: 'EXPORT' },
    type: { S: 'EXPORT' },
    userId: { S: 'ada' },
    exportId: { S: exportId },
    status: { S: status },
    requestedAt: { S: '2026-12-03T10:00:00.000Z' },
    ...(status === 'ready'
      ? { readyAt: { S: '2026-12-03T10:01:00.000Z' }, archiveKey: { S: `exports/ada/${exportId}.json` } }
      : {}),
  });
  return {
    eventID: 'event-export',
    eventName: !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: '1',
      ...(before ? { OldImage: image(before, 'E1') } : {}),
      // A new request has a new export id; the build marks the same request ready.
      ...(after ? { NewImage: image(after, before === 'ready' ? 'E2' : 'E1') } : {}),
    },
  };
}

const exportChanges = [
  exportChange(undefined, 'pending'),
  exportChange('pending', 'ready'),
  exportChange('ready', 'pending'),
  exportChange('ready', undefined),
  exportChange('pending', undefined),
];

const everyChange = [
  ...(['INSERT', 'MODIFY', 'REMOVE'] as const).flatMap((eventName) =>
    ['POST', 'FOLLOW', 'USER', 'SMSPREF', 'TIMELINE'].map((type) => recordOf(eventName, type)),
  ),
  ...exportChanges,
];

/** A reaction that records what it saw, and fails for the sequence numbers it is told to. */
function recorder(name: string, filters: StreamReaction<unknown>['filters'], failOn: string[] = []) {
  const seen: string[] = [];
  const reaction: StreamReaction<{ log: string[] }> = {
    name,
    filters,
    async handle(deps, record) {
      const id = record.dynamodb?.SequenceNumber ?? '';
      if (failOn.includes(id)) throw new Error(`${name} fails on ${id}`);
      seen.push(id);
      deps.log.push(`${name}:${id}`);
    },
  };
  return { reaction, seen };
}

const posts: StreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['POST'] } } },
};
const users: StreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['USER'] } } },
};

describe('dispatching a record to reactions', () => {
  it('runs only the reactions whose filters match, in list order', async () => {
    const log: string[] = [];
    const onPosts = recorder('posts', [posts]);
    const onUsers = recorder('users', [users]);
    const onBoth = recorder('both', [users, posts]);
    const dispatch = dispatchTo([onPosts.reaction, onUsers.reaction, onBoth.reaction], { log });

    await dispatch(recordOf('INSERT', 'POST', '1'));
    await dispatch(recordOf('INSERT', 'USER', '2'));
    await dispatch(recordOf('MODIFY', 'POST', '3'));

    expect(log).toEqual(['posts:1', 'both:1', 'users:2', 'both:2']);
  });

  it('fails the record, naming the first failing reaction, once the other reactions have run', async () => {
    const log: string[] = [];
    const failing = recorder('failing', [posts], ['1']);
    const alsoFailing = recorder('also-failing', [posts], ['1']);
    const after = recorder('after', [posts]);
    await expect(
      dispatchTo([failing.reaction, alsoFailing.reaction, after.reaction], { log })(
        recordOf('INSERT', 'POST', '1'),
      ),
    ).rejects.toThrow('stream reaction failing failed');
    expect(after.seen).toEqual(['1']);
  });

  it('treats a reaction that throws before its first await like one that rejects', async () => {
    let laterFinished = false;
    const throwsAtOnce: StreamReaction<unknown> = {
      name: 'throws-at-once',
      filters: [posts],
      handle() {
        throw new Error('bad image');
      },
    };
    const later: StreamReaction<unknown> = {
      name: 'later',
      filters: [posts],
      async handle() {
        await new Promise((resolve) => setTimeout(resolve, 5));
        laterFinished = true;
      },
    };
    await expect(dispatchTo([later, throwsAtOnce], {})(recordOf('INSERT', 'POST', '1'))).rejects.toThrow(
      'stream reaction throws-at-once failed',
    );
    expect(laterFinished).toBe(true);
  });

  it("runs a record's reactions at once, none waiting for another to finish", async () => {
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const finished: string[] = [];
    const waiting: StreamReaction<unknown> = {
      name: 'waiting',
      filters: [posts],
      async handle() {
        // Run one after the other, this would wait for a reaction that has not started: time out instead.
        await Promise.race([
          gate,
          new Promise((_, reject) => setTimeout(() => reject(new Error('ran one after the other')), 1_000)),
        ]);
        finished.push('waiting');
      },
    };
    const opening: StreamReaction<unknown> = {
      name: 'opening',
      filters: [posts],
      async handle() {
        openGate();
        finished.push('opening');
      },
    };
    await dispatchTo([waiting, opening], {})(recordOf('INSERT', 'POST', '1'));
    expect(finished).toEqual(['opening', 'waiting']);
  });

  it('reports the failing record as a batch item failure (Lambda redelivers from it), running the others in order', async () => {
    const log: string[] = [];
    const flaky = recorder('flaky', [posts], ['2']);
    const handler = reactionReader([flaky.reaction], { log });
    const records = ['1', '2', '3'].map((sequence) => recordOf('INSERT', 'POST', sequence));

    const response = await handler({ Records: records }, makeLambdaContext());

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['2']);
    expect(log).toEqual(['flaky:1', 'flaky:3']);
  });
});

describe("a reader's filters", () => {
  it('drop duplicates and merge patterns that differ in one leaf', () => {
    const follows: StreamFilterPattern = {
      eventName: ['INSERT'],
      dynamodb: { NewImage: { type: { S: ['FOLLOW'] } } },
    };
    const modified: StreamFilterPattern = {
      eventName: ['MODIFY'],
      dynamodb: { NewImage: { type: { S: ['USER'] } } },
    };
    const filters = readerFilters([
      recorder('a', [posts]).reaction,
      recorder('b', [posts, follows]).reaction,
      recorder('c', [modified]).reaction,
    ]);
    expect(filters).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['POST', 'FOLLOW'] } } } },
      modified,
    ]);
  });

  it.each([
    ['TableReactions', tableReactionsReader.filters, tableReactions],
    ['OutsideWorldReactions', outsideWorldReactionsReader.filters, outsideWorldReactions],
  ] as const)('of %s deliver exactly the records some reaction of it wants', (_name, filters, reactions) => {
    for (const record of everyChange) {
      expect(
        matchesAnyFilter(filters, record),
        `${record.eventName} ${record.dynamodb?.NewImage?.type?.S}`,
      ).toBe(reactionsFor<unknown>(reactions, record).length > 0);
    }
    // Lambda's default quota of filters per event source mapping.
    expect(filters.length).toBeLessThanOrEqual(5);
  });
});

describe('the reactions', () => {
  function reactionNamesFor(record: DynamoDBRecord) {
    return reactionsFor<ReactionDeps>([...tableReactions, ...outsideWorldReactions], record).map(
      (reaction) => reaction.name,
    );
  }

  it('keep the changes each consumer received before they were split into failure domains', () => {
    // The post index (issue 10) was added after the split: posts also reach it, inserted and removed.
    expect(reactionNamesFor(recordOf('INSERT', 'POST'))).toEqual([
      timelineFanOut.name,
      notifications.name,
      postIndex.name,
      smsNotifications.name,
    ]);
    expect(reactionNamesFor(recordOf('REMOVE', 'POST'))).toEqual([
      timelineFanOut.name,
      notifications.name,
      engagementCleanup.name,
      postIndex.name,
    ]);
    expect(reactionNamesFor(recordOf('INSERT', 'FOLLOW'))).toEqual([
      timelineFanOut.name,
      notifications.name,
      smsNotifications.name,
    ]);
    expect(reactionNamesFor(recordOf('REMOVE', 'FOLLOW'))).toEqual([
      timelineFanOut.name,
      notifications.name,
      smsNotifications.name,
    ]);
    for (const eventName of ['INSERT', 'REMOVE'] as const) {
      expect(reactionNamesFor(recordOf(eventName, 'LIKE'))).toEqual([notifications.name]);
      expect(reactionNamesFor(recordOf(eventName, 'REPOST'))).toEqual([
        notifications.name,
        repostFanOut.name,
      ]);
    }
    expect(reactionNamesFor(recordOf('MODIFY', 'POST'))).toEqual([]);
    for (const eventName of ['INSERT', 'MODIFY', 'REMOVE'] as const) {
      expect(reactionNamesFor(recordOf(eventName, 'USER'))).toEqual([searchIndex.name]);
    }
    expect(reactionNamesFor(recordOf('INSERT', 'TIMELINE'))).toEqual([]);
  });

  it('notify of a follow request when it is made and withdraw it when it goes, and nothing else', async () => {
    for (const eventName of ['INSERT', 'REMOVE'] as const) {
      expect(reactionNamesFor(recordOf(eventName, 'FOLLOW_REQUEST'))).toEqual([notifications.name]);
    }
    expect(reactionNamesFor(recordOf('MODIFY', 'FOLLOW_REQUEST'))).toEqual([]);
    const image = {
      PK: { S: 'USER#ada' },
      SK: { S: 'FOLLOWREQ#bob' },
      type: { S: 'FOLLOW_REQUEST' },
      requesterId: { S: 'bob' },
      targetId: { S: 'ada' },
      createdAt: { S: '2026-12-02T05:00:00.000Z' },
    };
    const calls: string[] = [];
    const deps = {
      ...tableReactionDeps,
      notifications: {
        posts: { findById: async () => undefined },
        notifications: {
          addActor: async (recipientId: string, notification: { type: string }, actor: { id: string }) => {
            calls.push(`add ${notification.type} ${actor.id}->${recipientId}`);
          },
          removeActor: async (recipientId: string, id: string, actorId: string) => {
            calls.push(`remove ${id.slice(11)} ${actorId}->${recipientId}`);
          },
        },
      },
    } as unknown as ReactionDeps;
    const insert = { ...recordOf('INSERT', 'FOLLOW_REQUEST'), dynamodb: { NewImage: image } };
    const remove = { ...recordOf('REMOVE', 'FOLLOW_REQUEST'), dynamodb: { OldImage: image } };
    await notifications.handle(deps, insert);
    await notifications.handle(deps, remove);
    expect(calls).toEqual(['add follow_request bob->ada', 'remove follow_request-bob bob->ada']);
  });

  it('notify of a new direct message (table only) and send it by SMS (outside world), and nothing else', () => {
    expect(reactionNamesFor(recordOf('INSERT', 'DM'))).toEqual([messageNotification.name, messageSms.name]);
    expect(reactionNamesFor(recordOf('REMOVE', 'DM'))).toEqual([]);
    expect(tableReactions).toContain(messageNotification);
    expect(tableReactions).not.toContain(messageSms);
    expect(outsideWorldReactions).toContain(messageSms);
  });

  it('build an archive for a pending export request, and retire a built one when its request is replaced or goes', async () => {
    const [requested, built, replaced, removed, abandoned] = exportChanges.map(reactionNamesFor);
    expect(requested).toEqual([accountExport.name]);
    expect(built).toEqual([]);
    expect(replaced).toEqual([accountExport.name, archiveRetirement.name]);
    expect(removed).toEqual([archiveRetirement.name]);
    expect(abandoned).toEqual([]);
    expect(outsideWorldReactions).toContain(archiveRetirement);

    const removedKeys: string[] = [];
    const deps = {
      ...tableReactionDeps,
      exportRequestChange: outsideWorldReactionDeps.exportRequestChange,
      accountExport: { archives: { remove: async (key: string) => void removedKeys.push(key) } },
    } as unknown as ReactionDeps;
    await archiveRetirement.handle(deps, exportChanges[2] as DynamoDBRecord);
    await archiveRetirement.handle(deps, exportChanges[3] as DynamoDBRecord);
    expect(removedKeys).toEqual(['exports/ada/E1.json', 'exports/ada/E1.json']);
  });

  it('that call the outside world are not in the table-only list, and every reaction is in one list', () => {
    expect(outsideWorldReactions).toContain(smsNotifications);
    expect(tableReactions).not.toContain(smsNotifications);
    const names = [...tableReactions, ...outsideWorldReactions].map((reaction) => reaction.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
