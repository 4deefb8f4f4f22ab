import { useState } from 'preact/hooks';
import { remainingCharacters } from '../post-counter';
import { ErrorNotice } from './error-notice';

/**
 * A text box with the live count of what is left of 140, counted as the server counts (the same module); red and
 * announced when over. Posts, replies and direct messages share it (a message follows the post rules). `explain`
 * turns a refusal into words of the screen's own, when the API's message is not enough.
 */
export function ComposeBox<T>({
  send,
  onSent,
  id = 'compose',
  label = 'What are you doing?',
  submitLabel = 'Post',
  busyLabel = 'Posting…',
  explain,
}: {
  send: (text: string) => Promise<T>;
  onSent: (sent: T) => void;
  id?: string;
  label?: string;
  submitLabel?: string;
  busyLabel?: string;
  explain?: (error: unknown) => string | undefined;
}) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const count = remainingCharacters(text);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (count.over || count.empty || sending) return;
    setSending(true);
    setError(undefined);
    try {
      const sent = await send(text);
      setText('');
      onSent(sent);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };
  const explained = error ? explain?.(error) : undefined;

  return (
    <form class="compose" onSubmit={submit}>
      <label for={id} class="compose-label">
        {label}
      </label>
      <textarea
        id={id}
        name="text"
        rows={3}
        value={text}
        aria-describedby={`${id}-count`}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <div class="compose-bar">
        <output id={`${id}-count`} class={count.over ? 'counter counter-over' : 'counter'} aria-live="polite">
          {count.remaining}
          <span class="visually-hidden"> characters left</span>
        </output>
        <button type="submit" disabled={count.over || count.empty || sending}>
          {sending ? busyLabel : submitLabel}
        </button>
      </div>
      {explained ? (
        <p class="notice notice-error" role="alert">
          {explained}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
    </form>
  );
}
