import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { ConversationSummary, DirectMessage, ProfileForViewer } from '../api-types';
import { ComposeBox } from '../components/compose-box';
import { ErrorNotice } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { ListFooter } from '../components/paged-list';
import { PostText } from '../components/post-text';
import { RelativeTime } from '../components/relative-time';
import { Link } from '../router';
import { usePagedList } from '../use-paged-list';
import { useSignedIn } from './guard';

const loadConversations = (cursor?: string) => api.conversations(cursor);

/** `/messages`: the conversations, most recently active first, each with its unread count. */
export function Conversations() {
  useTitle('Messages');
  const list = usePagedList(loadConversations);
  return (
    <div>
      <h1>Messages</h1>
      <p class="hint">
        Direct messages are private, between two people. You can message someone once they follow you: open
        their page and choose “Message”.
      </p>
      <ul class="conversations" aria-label="Conversations">
        {list.items.map((conversation) => (
          <ConversationItem key={conversation.user.id} conversation={conversation} />
        ))}
      </ul>
      <ListFooter list={list} empty="No messages yet." moreLabel="Older conversations" />
    </div>
  );
}

function ConversationItem({ conversation }: { conversation: ConversationSummary }) {
  const { user, lastMessage, unreadCount } = conversation;
  return (
    <li class={unreadCount > 0 ? 'conversation conversation-unread' : 'conversation'}>
      <Link href={`/messages/${user.username}`} class="conversation-link">
        <strong>
          {user.firstName} {user.lastName}
        </strong>{' '}
        <span class="username">@{user.username}</span>
        {unreadCount > 0 ? (
          <>
            {' '}
            <span class="badge">
              {unreadCount}
              <span class="visually-hidden"> unread</span>
            </span>
          </>
        ) : null}
      </Link>
      <p class="conversation-last">
        {lastMessage.text} · <RelativeTime iso={lastMessage.createdAt} />
      </p>
    </li>
  );
}

/** Why a message was refused, in the words of the rule: only people who follow you can receive your messages. */
function explainRefusal(username: string) {
  return (error: unknown) =>
    error instanceof ApiError && error.code === 'not_followed_by_recipient'
      ? `@${username} does not follow you, so you cannot message them. On Skylark a direct message can go only to someone who follows you; ask them to follow you first.`
      : undefined;
}

/** `/messages/{username}`: the conversation, oldest at the top, and a box to send the next message. */
export function Conversation({ params }: { params: Record<string, string> }) {
  const username = (params.username ?? '').toLowerCase();
  const me = useSignedIn();
  const [other, setOther] = useState<ProfileForViewer | undefined>(undefined);
  const [profileError, setProfileError] = useState<unknown>(undefined);
  const [sent, setSent] = useState<DirectMessage[]>([]);
  useTitle(`Messages with @${username}`);
  useEffect(() => {
    api.user(username).then(setOther, setProfileError);
  }, [username]);
  const load = useCallback((cursor?: string) => api.conversation(username, cursor), [username]);
  const list = usePagedList(load);
  if (profileError) return <ErrorNotice error={profileError} />;
  // The API answers newest first; a conversation reads from the top down.
  const shown = [...list.items.filter((message) => !sent.some((own) => own.id === message.id))]
    .reverse()
    .concat(sent);
  return (
    <div class="conversation-page">
      <h1>
        Messages with{' '}
        {other ? (
          <Link href={`/@${other.username}`}>
            {other.firstName} {other.lastName}
          </Link>
        ) : (
          `@${username}`
        )}
      </h1>
      {list.hasMore && !list.loading ? (
        <p class="list-more">
          <button type="button" class="link-button" onClick={list.more}>
            Older messages
          </button>
        </p>
      ) : null}
      <ol class="messages" aria-label="Messages">
        {shown.map((message) => (
          <li
            key={message.id}
            class={message.sender.username === me?.username ? 'message message-mine' : 'message'}
          >
            <p class="message-meta">
              <strong>{message.sender.username === me?.username ? 'You' : message.sender.firstName}</strong> ·{' '}
              <RelativeTime iso={message.createdAt} />
            </p>
            <p class="message-text">
              <PostText post={message} />
            </p>
          </li>
        ))}
      </ol>
      <ListFooter
        list={{ ...list, hasMore: false, items: shown }}
        empty="No messages yet. Say hello."
        moreLabel=""
      />
      {other?.viewer && !other.viewer.followedBy ? (
        <p class="notice">
          @{other.username} does not follow you yet: a direct message can go only to someone who follows you.
        </p>
      ) : null}
      <ComposeBox
        id="compose-message"
        label={`Message @${username}`}
        submitLabel="Send"
        busyLabel="Sending…"
        send={(text) => api.sendMessage(username, text)}
        onSent={(message: DirectMessage) => setSent((messages) => [...messages, message])}
        explain={explainRefusal(username)}
      />
    </div>
  );
}
