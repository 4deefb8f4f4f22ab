import { describe, expect, it } from 'vitest';
import {
  archiveKeyOf,
  buildExport,
  EXPORT_SCHEMA_VERSION,
  type ExportBuildDeps,
  exportStatus,
  requestExport,
  retireArchive,
} from '#shared/domain/account-lifecycle/account-export';
import type {
  AccountDataReader,
  ArchiveStore,
  ExportRequest,
  ExportRequestStore,
} from '#shared/domain/account-lifecycle/export-ports';
import type { Engagement } from '#shared/domain/engagement/ports';
import type { DirectMessage } from '#shared/domain/messages';
import type { Page } from '#shared/domain/pagination';
import type { Post } from '#shared/domain/post';
import { toPublicUser, toUserSummary } from '#shared/domain/user';
import { RateLimitedError } from '#shared/errors';
import { makeUser } from '#test/factories/user-records';

const ada = makeUser({ username: 'ada' });
const bob = makeUser({ username: 'bob', firstName: 'Bob' });

function post(id: string): Post {
  return {
    id,
    author: toUserSummary(ada),
    text: `post ${id}`,
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo: null,
    attachments: [],
    createdAt: '2026-12-01T10:00:00.000Z',
    replyCount: 0,
    likeCount: 1,
    repostCount: 0,
  };
}

type PageArgument = { limit: number; cursor?: string | undefined };

/**
 * A paged access pattern serving `items` in pages of `size`, with the next index as the cursor (so the export's
 * paging is exercised); the page request is the last argument, after the ids.
 */
function paged<T>(items: T[], size = 2) {
  return async (...args: unknown[]): Promise<Page<T>> => {
    const page = args.at(-1) as PageArgument;
    const start = Number(page.cursor ?? 0);
    const end = start + Math.min(size, page.limit);
    return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : null };
  };
}

function memoryRequests(): ExportRequestStore & { stored: Map<string, ExportRequest> } {
  const stored = new Map<string, ExportRequest>();
  return {
    stored,
    find: async (userId) => stored.get(userId),
    savePending: async (request) => void stored.set(request.userId, request),
    markReady: async (userId, exportId, ready) => {
      const current = stored.get(userId);
      if (current?.exportId === exportId) stored.set(userId, { ...current, status: 'ready', ...ready });
    },
  };
}

function memoryArchives(): ArchiveStore & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    put: async (key, document) => void files.set(key, document),
    link: async (key, seconds) => `https://archives.test/${key}?ttl=${seconds}`,
    remove: async (key) => void files.delete(key),
  };
}

const message = (id: string, from: typeof ada, to: typeof ada, text: string): DirectMessage => ({
  id,
  sender: toUserSummary(from),
  recipient: toUserSummary(to),
  text,
  entities: { urls: [], mentions: [], hashtags: [] },
  createdAt: '2026-12-01T11:00:00.000Z',
});

const like: Engagement = {
  kind: 'like',
  id: 'L1',
  userId: ada.id,
  postId: 'P-bob',
  postAuthorId: bob.id,
  createdAt: '2026-12-01T12:00:00.000Z',
};

function reader(): AccountDataReader {
  return {
    profile: async (userId) => (userId === ada.id ? ada : undefined),
    posts: paged(['P5', 'P4', 'P3', 'P2', 'P1'].map(post)),
    engagements: async (kind, userId, page) => paged(kind === 'like' ? [like] : [])(userId, page),
    following: paged([toPublicUser(bob)]),
    followers: paged([toPublicUser(bob)]),
    conversations: paged([
      {
        otherUserId: bob.id,
        lastMessage: { id: 'M2', text: 'hi Ada', createdAt: '', senderId: bob.id },
        unreadCount: 0,
      },
    ]),
    // Newest first, as the access pattern serves them.
    messages: paged([message('M2', bob, ada, 'hi Ada'), message('M1', ada, bob, 'hi Bob')], 1),
    blocks: paged([toPublicUser(bob)]),
  };
}

const clock = { now: () => new Date('2026-12-02T03:00:00.000Z') };
let sequence = 0;
const ids = { next: () => `E${++sequence}` };

function exportDeps(limit = Number.POSITIVE_INFINITY) {
  let used = 0;
  const requests = memoryRequests();
  const archives = memoryArchives();
  return {
    requests,
    archives,
    reader: reader(),
    clock,
    ids,
    rateLimit: async () => {
      used++;
      if (used > limit) throw new RateLimitedError(3600);
    },
  } satisfies ExportBuildDeps & Parameters<typeof requestExport>[0];
}

describe('requesting an export', () => {
  it('stores a pending request and answers it again, without counting, while the build is under way', async () => {
    const deps = exportDeps(1);
    const first = await requestExport(deps, ada.id);
    expect(first).toEqual({ status: 'pending', requestedAt: '2026-12-02T03:00:00.000Z' });
    expect(await requestExport(deps, ada.id)).toEqual(first);
    expect(deps.requests.stored.size).toBe(1);
  });

  it('counts every new request against the daily limit', async () => {
    const deps = exportDeps(1);
    await requestExport(deps, ada.id);
    const request = deps.requests.stored.get(ada.id) as ExportRequest;
    await buildExport(deps, request);
    await expect(requestExport(deps, ada.id)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('answers none before any request', async () => {
    expect(await exportStatus(exportDeps(), bob.id)).toEqual({ status: 'none' });
  });
});

describe('building an export', () => {
  it('writes one versioned document with every post, follow, like and message (read across pages)', async () => {
    const deps = exportDeps();
    await requestExport(deps, ada.id);
    const request = deps.requests.stored.get(ada.id) as ExportRequest;
    await buildExport(deps, request);

    const document = JSON.parse(deps.archives.files.get(archiveKeyOf(request)) ?? '{}');
    expect(document.schemaVersion).toBe(EXPORT_SCHEMA_VERSION);
    expect(document.account).toMatchObject({ id: ada.id, username: 'ada', email: ada.email });
    expect(document.posts.map((each: Post) => each.id)).toEqual(['P5', 'P4', 'P3', 'P2', 'P1']);
    expect(document.posts[0]).not.toHaveProperty('author');
    expect(document.following).toEqual([toUserSummary(bob)]);
    expect(document.followers).toEqual([toUserSummary(bob)]);
    expect(document.likes).toEqual([{ postId: 'P-bob', postAuthorId: bob.id, at: like.createdAt }]);
    expect(document.blocks).toEqual([toUserSummary(bob)]);
    expect(document.notes).toEqual([]);
    expect(document.conversations).toEqual([
      {
        with: toUserSummary(bob),
        messages: [
          { id: 'M1', direction: 'sent', text: 'hi Bob', createdAt: '2026-12-01T11:00:00.000Z' },
          { id: 'M2', direction: 'received', text: 'hi Ada', createdAt: '2026-12-01T11:00:00.000Z' },
        ],
      },
    ]);
  });

  it('marks the request ready and hands out a link that expires', async () => {
    const deps = exportDeps();
    await requestExport(deps, ada.id);
    const request = deps.requests.stored.get(ada.id) as ExportRequest;
    await buildExport(deps, request);
    expect(await exportStatus(deps, ada.id)).toEqual({
      status: 'ready',
      requestedAt: request.requestedAt,
      readyAt: '2026-12-02T03:00:00.000Z',
      url: `https://archives.test/${archiveKeyOf(request)}?ttl=900`,
      urlExpiresAt: '2026-12-02T03:15:00.000Z',
    });
  });

  it('leaves a superseded request to its own build, and writes nothing for an account that is gone', async () => {
    const deps = exportDeps();
    await requestExport(deps, ada.id);
    const stale = { ...(deps.requests.stored.get(ada.id) as ExportRequest), exportId: 'older' };
    await buildExport(deps, stale);
    expect(deps.archives.files.size).toBe(0);

    const gone: ExportRequest = { userId: 'nobody', exportId: 'E0', status: 'pending', requestedAt: '' };
    deps.requests.stored.set('nobody', gone);
    await buildExport(deps, gone);
    expect(deps.archives.files.size).toBe(0);
    expect(deps.requests.stored.get('nobody')?.status).toBe('pending');
  });
});

describe('retiring an archive', () => {
  const built: ExportRequest = {
    userId: ada.id,
    exportId: 'E1',
    status: 'ready',
    requestedAt: '2026-12-03T10:00:00.000Z',
    readyAt: '2026-12-03T10:01:00.000Z',
    archiveKey: 'exports/ada/E1.json',
  };

  async function removedBy(after: ExportRequest | undefined): Promise<string[]> {
    const removed: string[] = [];
    await retireArchive(
      { archives: { remove: async (key) => void removed.push(key) } },
      { before: built, after },
    );
    return removed;
  }

  it('deletes the archive of a request removed or replaced by a new one', async () => {
    expect(await removedBy(undefined)).toEqual(['exports/ada/E1.json']);
    const next: ExportRequest = {
      userId: ada.id,
      exportId: 'E2',
      status: 'pending',
      requestedAt: built.requestedAt,
    };
    expect(await removedBy(next)).toEqual(['exports/ada/E1.json']);
  });

  it('keeps an archive its request still names, and does nothing for a request never built', async () => {
    expect(await removedBy({ ...built, readyAt: '2026-12-03T10:02:00.000Z' })).toEqual([]);
    const removed: string[] = [];
    const pending: ExportRequest = {
      userId: ada.id,
      exportId: 'E1',
      status: 'pending',
      requestedAt: built.requestedAt,
    };
    await retireArchive({ archives: { remove: async (key) => void removed.push(key) } }, { before: pending });
    expect(removed).toEqual([]);
  });
});
