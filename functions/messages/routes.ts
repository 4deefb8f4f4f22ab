import type { HttpRoute } from '#shared/catalog';

/** Direct messages: private, one to one, only to someone who follows the sender. */
export const messageRoutes: readonly HttpRoute[] = [
  {
    name: 'ListConversations',
    method: 'GET',
    path: '/v1/messages',
    entry: 'functions/messages/list-conversations.ts',
    auth: 'required',
    uses: ['table:read'],
  },
  {
    name: 'ReadConversation',
    method: 'GET',
    path: '/v1/messages/{username}',
    entry: 'functions/messages/read-conversation.ts',
    auth: 'required',
    // Reading a conversation marks it read.
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'SendMessage',
    method: 'POST',
    path: '/v1/messages/{username}',
    entry: 'functions/messages/send-message.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
];
