import type { HttpRoute } from '#shared/catalog';

const READ_WRITE = ['table:read', 'table:write'] as const;

/** Blocks, mutes and the follow requests of protected accounts. */
export const relationshipRoutes: readonly HttpRoute[] = [
  ...(['block', 'mute'] as const).flatMap((kind): HttpRoute[] => {
    const Kind = kind === 'block' ? 'Block' : 'Mute';
    return [
      {
        name: `${Kind}User`,
        method: 'PUT',
        path: `/v1/users/{username}/${kind}`,
        entry: `functions/relationships/${kind}.ts`,
        auth: 'required',
        uses: READ_WRITE,
      },
      {
        name: `Un${kind}User`,
        method: 'DELETE',
        path: `/v1/users/{username}/${kind}`,
        entry: `functions/relationships/un${kind}.ts`,
        auth: 'required',
        uses: READ_WRITE,
      },
      {
        name: `List${Kind}s`,
        method: 'GET',
        path: `/v1/me/${kind}s`,
        entry: `functions/relationships/list-${kind}s.ts`,
        auth: 'required',
        uses: ['table:read'],
      },
    ];
  }),
  {
    name: 'ListFollowRequests',
    method: 'GET',
    path: '/v1/me/follow-requests',
    entry: 'functions/relationships/list-follow-requests.ts',
    auth: 'required',
    uses: ['table:read'],
  },
  {
    name: 'AcceptFollowRequest',
    method: 'PUT',
    path: '/v1/me/follow-requests/{username}',
    entry: 'functions/relationships/accept-follow-request.ts',
    auth: 'required',
    uses: READ_WRITE,
  },
  {
    name: 'RejectFollowRequest',
    method: 'DELETE',
    path: '/v1/me/follow-requests/{username}',
    entry: 'functions/relationships/reject-follow-request.ts',
    auth: 'required',
    uses: READ_WRITE,
  },
];
