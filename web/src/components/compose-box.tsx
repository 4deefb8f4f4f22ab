import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Post } from '../api-types';
import { remainingCharacters } from '../post-counter';
import { ErrorNotice } from './error-notice';

/**
 * "What are you doing?" with the live count of what is left of 140, counted as the server counts (the same
 * module); red and announced when over.
 */
export function ComposeBox({
  onPosted,
  replyTo,
  label = 'What are you doing?',
}: {
  onPosted: (post: Post) => void;
  replyTo?: string;
  label?: string;
}) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const count = remainingCharacters(text);
  const id = replyTo ? `compose-reply-${replyTo}` : 'compose';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (count.over || count.empty || sending) return;
    setSending(true);
    setError(undefined);
    try {
      const post = await api.createPost(text, replyTo);
      setText('');
      onPosted(post);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

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
          {sending ? 'Posting…' : replyTo ? 'Reply' : 'Post'}
        </button>
      </div>
      <ErrorNotice error={error} />
    </form>
  );
}
