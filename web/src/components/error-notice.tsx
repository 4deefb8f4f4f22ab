import { ApiError } from '../api';
import { formatWait } from '../time';

/** What went wrong, in words; a 429 says when to try again. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return wait
        ? `Too many attempts. Try again in ${formatWait(wait)}.`
        : 'Too many attempts. Try again later.';
    }
    if (error.status >= 500) return `${error.message}. Please try again.`;
    return error.message;
  }
  return 'The server could not be reached. Check your connection and try again.';
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="notice notice-error" role="alert">
      {describeError(error)}
    </p>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="loading" aria-live="polite">
      {label}
    </p>
  );
}
