import { useCallback, useState } from 'preact/hooks';
import { api } from '../api';
import type { NotificationView } from '../api-types';
import { ErrorNotice } from '../components/error-notice';
import { useTitle } from '../components/layout';
import { ListFooter } from '../components/paged-list';
import { PostText } from '../components/post-text';
import { RelativeTime } from '../components/relative-time';
import { NOTIFICATION_FILTERS, notificationSentence } from '../notification-text';
import { Link, useLocation } from '../router';
import { reloadMe } from '../session';
import { usePagedList } from '../use-paged-list';

/**
 * `/notifications?type=like`: the list as the API groups it (likes and reposts of a post in one line), a type
 * filter in the URL, unread ones marked, and "Mark all as read" (which also clears the badge in the navigation).
 */
export function Notifications() {
  useTitle('Notifications');
  const filterId = useLocation().query.get('type') ?? 'all';
  const filter =
    NOTIFICATION_FILTERS.find((candidate) => candidate.id === filterId) ?? NOTIFICATION_FILTERS[0];
  const types = filter?.types ?? [];
  const load = useCallback((cursor?: string) => api.notifications(types, cursor), [types]);
  const list = usePagedList(load);
  const [marking, setMarking] = useState(false);
  const [markError, setMarkError] = useState<unknown>(undefined);
  const newest = list.items[0];
  const anyUnread = list.items.some((item) => !item.read);

  const markAllRead = async () => {
    setMarking(true);
    setMarkError(undefined);
    try {
      // The read marker is one id for every type: a filtered list's first item may not be the newest of all.
      const latest = types.length === 0 ? newest : (await api.notifications([], undefined, 1)).items[0];
      if (latest) await api.markNotificationsRead(latest.id);
      list.setItems((items) => items.map((item) => ({ ...item, read: true })));
      await reloadMe();
    } catch (failure) {
      setMarkError(failure);
    } finally {
      setMarking(false);
    }
  };

  return (
    <div>
      <h1>Notifications</h1>
      <nav aria-label="Show notifications of type">
        <ul class="tabs">
          {NOTIFICATION_FILTERS.map((candidate) => (
            <li key={candidate.id}>
              <Link
                href={candidate.id === 'all' ? '/notifications' : `/notifications?type=${candidate.id}`}
                aria-current={candidate === filter ? 'page' : undefined}
              >
                {candidate.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p>
        <button type="button" onClick={() => void markAllRead()} disabled={!anyUnread || marking}>
          Mark all as read
        </button>
      </p>
      <ErrorNotice error={markError} />
      <ol class="notifications" aria-label={`${filter?.label ?? 'All'} notifications`}>
        {list.items.map((notification) => (
          <NotificationItem key={notification.id} notification={notification} />
        ))}
      </ol>
      <ListFooter list={list} empty="Nothing here yet." moreLabel="Older notifications" />
    </div>
  );
}

function NotificationItem({ notification }: { notification: NotificationView }) {
  const post = notification.post;
  const first = notification.actors[0];
  const target =
    notification.type === 'message' && first
      ? `/messages/${first.username}`
      : post
        ? `/@${post.author.username}/${post.id}`
        : first
          ? `/@${first.username}`
          : undefined;
  return (
    <li class={notification.read ? 'notification' : 'notification notification-unread'}>
      <p class="notification-line">
        {notification.read ? null : <span class="unread-mark">Unread: </span>}
        {target ? (
          <Link href={target}>{notificationSentence(notification)}</Link>
        ) : (
          notificationSentence(notification)
        )}{' '}
        · <RelativeTime iso={notification.updatedAt} />
      </p>
      {post ? (
        <blockquote class="notification-post">
          <PostText post={post} />
        </blockquote>
      ) : null}
    </li>
  );
}
