import type { ComponentChildren } from 'preact';
import { ErrorNotice, Loading } from './error-notice';

/** The foot of a paged list: loading, the error, what an empty list says, and a button for the next page. */
export function ListFooter({
  list,
  empty,
  moreLabel,
}: {
  list: { items: readonly unknown[]; loading: boolean; error: unknown; hasMore: boolean; more: () => void };
  empty: ComponentChildren;
  moreLabel: string;
}) {
  return (
    <>
      {list.loading ? <Loading /> : null}
      <ErrorNotice error={list.error} />
      {!list.loading && !list.error && list.items.length === 0 ? <p class="empty">{empty}</p> : null}
      {list.hasMore && !list.loading ? (
        <p class="list-more">
          <button type="button" class="link-button" onClick={list.more}>
            {moreLabel}
          </button>
        </p>
      ) : null}
    </>
  );
}
