import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Page } from './api-types';

/**
 * A list read page by page with the API's opaque cursor: the first page on mount (and whenever `load` changes),
 * then `more()` for the next. `load` must be stable (module-level or useCallback), or every render reloads.
 */
export function usePagedList<T>(load: (cursor?: string) => Promise<Page<T>>) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);

  const fetchPage = useCallback(
    async (from?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await load(from);
        setItems((shown) => (from ? [...shown, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (failure) {
        setError(failure);
      } finally {
        setLoading(false);
      }
    },
    [load],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    void fetchPage();
  }, [fetchPage]);

  const more = () => {
    if (cursor && !loading) void fetchPage(cursor);
  };
  return { items, setItems, loading, error, hasMore: cursor !== null, more, reload: () => fetchPage() };
}
