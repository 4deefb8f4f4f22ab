import { useState } from 'preact/hooks';
import { api } from '../api';
import type { AuthorizedApp } from '../api-types';
import { ErrorNotice } from '../components/error-notice';
import { ListFooter } from '../components/paged-list';
import { RelativeTime } from '../components/relative-time';
import { usePagedList } from '../use-paged-list';

const loadApps = () => api.authorizedApps();

/** The host of an app's website, shown as its link; nothing for a value that is not an http(s) URL. */
function websiteHost(website: string | null): string | undefined {
  try {
    const url = new URL(website ?? '');
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `/settings/apps`: the apps signed in to the account through the Mastodon API (Ivory, Elk, Tusky…), each with
 * what it may do and a button that revokes its access at once (GET and DELETE /v1/me/apps).
 */
export function AppsSettings() {
  const list = usePagedList(loadApps);
  const [error, setError] = useState<unknown>(undefined);
  const [revoked, setRevoked] = useState<string | undefined>(undefined);
  const revoke = async (app: AuthorizedApp) => {
    setError(undefined);
    setRevoked(undefined);
    try {
      await api.revokeApp(app.id);
      list.setItems((items) => items.filter((item) => item.id !== app.id));
      setRevoked(`${app.name} is signed out and can no longer use your account.`);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="apps-title">
      <h2 id="apps-title">Apps</h2>
      <p class="hint">
        Apps you signed in to with your Skylark account through the Mastodon API. Revoking one signs it out at
        once; it can ask you again later. Changing your password signs every app out.
      </p>
      {revoked ? (
        <p class="notice notice-ok" role="status">
          {revoked}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <ul class="apps" aria-labelledby="apps-title">
        {list.items.map((app) => {
          const host = websiteHost(app.website);
          return (
            <li key={app.id} class="app-row">
              <div>
                <strong>{app.name}</strong>
                {app.website && host ? (
                  <>
                    {' '}
                    <a href={app.website} rel="noopener noreferrer nofollow">
                      {host}
                    </a>
                  </>
                ) : null}
                <p class="hint">
                  May {app.scopes.join(', ')} · signed in <RelativeTime iso={app.authorizedAt} />
                </p>
              </div>
              <button type="button" class="button-secondary" onClick={() => void revoke(app)}>
                Revoke {app.name}
              </button>
            </li>
          );
        })}
      </ul>
      <ListFooter list={list} empty="No app is signed in to your account." moreLabel="More" />
    </section>
  );
}
