import { useState } from 'preact/hooks';
import { api } from '../api';
import type { PublicUser } from '../api-types';
import { ErrorNotice } from '../components/error-notice';
import { ListFooter } from '../components/paged-list';
import { UserCard } from '../components/user-card';
import { Link } from '../router';
import { countFollowRequests, session } from '../session';
import { usePagedList } from '../use-paged-list';
import { useSignedIn } from './guard';

const loadBlocks = (cursor?: string) => api.relations('block', cursor);
const loadMutes = (cursor?: string) => api.relations('mute', cursor);

/** `/settings/privacy`: a protected account, and the accounts the owner blocks and mutes. */
export function PrivacySettings() {
  return (
    <>
      <ProtectedAccount />
      <RelationList
        kind="block"
        title="Blocked accounts"
        empty="You block nobody."
        load={loadBlocks}
        explain="Blocked accounts cannot follow you, reply to, like, repost or message you, and you do not see each other’s posts."
      />
      <RelationList
        kind="mute"
        title="Muted accounts"
        empty="You mute nobody."
        load={loadMutes}
        explain="Muted accounts’ posts and reposts stay out of your home timeline and notifications; they are not told."
      />
    </>
  );
}

function ProtectedAccount() {
  const me = useSignedIn();
  const [wanted, setWanted] = useState(me?.protected ?? false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  if (!me) return null;
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setSaved(undefined);
    setError(undefined);
    try {
      const updated = await api.updateMe({ protected: wanted });
      const current = session.get();
      if (current.status === 'signed-in')
        session.set({ status: 'signed-in', me: { ...current.me, ...updated } });
      await countFollowRequests(updated);
      setSaved(
        wanted
          ? 'Your account is protected: new followers need your approval.'
          : 'Your account is public again: pending follow requests were accepted.',
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="privacy-protected">
      <h2 id="privacy-protected">Protected account</h2>
      {saved ? (
        <p class="notice notice-ok" role="status">
          {saved}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <form onSubmit={save}>
        <div class="field">
          <label class="choice">
            <input
              type="checkbox"
              name="protected"
              checked={wanted}
              aria-describedby="protected-hint"
              onChange={(event) => setWanted(event.currentTarget.checked)}
            />{' '}
            Protect my posts
          </label>
          <p class="hint" id="protected-hint">
            Only people you approve see your posts, replies, likes and lists; your posts cannot be reposted
            and stay out of search. People ask to follow you and you answer under{' '}
            <Link href="/follow-requests">Follow requests</Link>. Turning protection off accepts every pending
            request.
          </p>
        </div>
        <button type="submit" disabled={busy || wanted === me.protected}>
          {busy ? 'Saving…' : 'Save privacy'}
        </button>
      </form>
    </section>
  );
}

/** The owner's blocks or mutes, paged, each with its undo button. */
function RelationList({
  kind,
  title,
  empty,
  explain,
  load,
}: {
  kind: 'block' | 'mute';
  title: string;
  empty: string;
  explain: string;
  load: (cursor?: string) => ReturnType<typeof api.relations>;
}) {
  const list = usePagedList(load);
  const [error, setError] = useState<unknown>(undefined);
  const [undone, setUndone] = useState<string | undefined>(undefined);
  const undo = async (user: PublicUser) => {
    setError(undefined);
    try {
      await api.unrelate(kind, user.username);
      list.setItems((items) => items.filter((item) => item.id !== user.id));
      setUndone(`${kind === 'block' ? 'Unblocked' : 'Unmuted'} @${user.username}.`);
    } catch (failure) {
      setError(failure);
    }
  };
  const id = `privacy-${kind}s`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p class="hint">{explain}</p>
      {undone ? (
        <p class="notice notice-ok" role="status">
          {undone}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <ul class="people" aria-labelledby={id}>
        {list.items.map((user) => (
          <li key={user.id} class="person-row">
            <UserCard user={user} />
            <button type="button" class="button-secondary" onClick={() => void undo(user)}>
              {kind === 'block' ? `Unblock @${user.username}` : `Unmute @${user.username}`}
            </button>
          </li>
        ))}
      </ul>
      <ListFooter list={list} empty={empty} moreLabel="More" />
    </section>
  );
}
