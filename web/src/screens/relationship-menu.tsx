import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { Link } from '../router';

/**
 * The small menu beside follow on a user page: mute / unmute, block / unblock and report. Blocking asks first
 * and says what it does; `onChange` re-reads the profile (counts and follows change with a block).
 */
export function RelationshipMenu({
  username,
  blocking,
  muting,
  onChange,
}: {
  username: string;
  blocking: boolean;
  muting: boolean;
  onChange: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const toggleButton = useRef<HTMLButtonElement>(null);
  /** Escape closes the menu (and the question), and focus goes back to the button that opened it. */
  const close = () => {
    setConfirming(false);
    setOpen(false);
    toggleButton.current?.focus();
  };
  // A layout effect: focus moves in the same render as the question appears, never a frame later.
  useLayoutEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (!open && !confirming) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setConfirming(false);
      onChange();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const menuId = `more-${username}`;
  return (
    <div class="relationship-menu">
      <button
        ref={toggleButton}
        type="button"
        class="button-secondary"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        More for @{username}
      </button>
      {open ? (
        <ul id={menuId} class="menu-items">
          <li>
            <button
              type="button"
              class="link-button"
              disabled={busy}
              onClick={() =>
                void run(() => (muting ? api.unrelate('mute', username) : api.relate('mute', username)))
              }
            >
              {muting ? `Unmute @${username}` : `Mute @${username}`}
            </button>
          </li>
          <li>
            <button
              type="button"
              class="link-button"
              disabled={busy}
              onClick={() =>
                blocking ? void run(() => api.unrelate('block', username)) : setConfirming(true)
              }
            >
              {blocking ? `Unblock @${username}` : `Block @${username}`}
            </button>
          </li>
          <li>
            <Link href={`/@${username}/report`}>Report @{username}</Link>
          </li>
        </ul>
      ) : null}
      {confirming ? (
        <section class="confirm" aria-labelledby={`${menuId}-confirm`}>
          <h2 id={`${menuId}-confirm`} tabIndex={-1} ref={confirmHeading}>
            Block @{username}?
          </h2>
          <p>
            Blocking ends any follows between you. @{username} will not be able to follow you, reply to your
            posts, like or repost them, or message you, and neither of you will see the other’s posts. They
            are not told, but your page will show them as not available. You can unblock them later; follows
            do not come back.
          </p>
          <p class="button-row">
            <button
              type="button"
              class="button-danger"
              disabled={busy}
              onClick={() => void run(() => api.relate('block', username))}
            >
              Block @{username}
            </button>{' '}
            <button type="button" class="button-secondary" onClick={close}>
              Cancel
            </button>
          </p>
        </section>
      ) : null}
      {muting ? <p class="hint">You muted @{username}: their posts stay out of your home timeline.</p> : null}
      <ErrorNotice error={error} />
    </div>
  );
}
