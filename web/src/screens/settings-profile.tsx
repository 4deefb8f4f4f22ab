import { useState } from 'preact/hooks';
import { api, type ProfileEdit } from '../api';
import type { Me } from '../api-types';
import { ErrorNotice } from '../components/error-notice';
import { ErrorSummary, Field } from '../components/field';
import { session } from '../session';
import { useSubmit } from '../use-submit';
import { useSignedIn } from './guard';

const LABELS = {
  firstName: 'First name',
  lastName: 'Last name',
  bio: 'Bio',
  location: 'Location',
  website: 'Website',
  category: 'Business category',
};

export function ProfileSettings() {
  const me = useSignedIn();
  return me ? <ProfileForm me={me} /> : null;
}

function ProfileForm({ me }: { me: Me }) {
  const [values, setValues] = useState({
    firstName: me.firstName,
    lastName: me.lastName,
    bio: me.bio ?? '',
    location: me.location ?? '',
    website: me.website ?? '',
    accountType: me.accountType,
    category: me.category ?? '',
  });
  const [saved, setSaved] = useState(false);
  const form = useSubmit(
    () => {
      setSaved(false);
      const edit: ProfileEdit = {
        firstName: values.firstName,
        lastName: values.lastName,
        bio: values.bio.trim() || null,
        location: values.location.trim() || null,
        website: values.website.trim() || null,
        accountType: values.accountType,
        category: values.accountType === 'business' ? values.category.trim() || null : null,
      };
      return api.updateMe(edit);
    },
    (updated) => {
      const current = session.get();
      if (current.status === 'signed-in')
        session.set({ status: 'signed-in', me: { ...current.me, ...updated } });
      setSaved(true);
    },
  );
  const bind = (name: keyof typeof LABELS) => ({
    name,
    label: LABELS[name],
    value: values[name],
    error: form.fields[name],
    onInput: (event: Event) =>
      setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value }),
  });
  return (
    <section aria-labelledby="profile-settings">
      <h2 id="profile-settings">Profile</h2>
      <ErrorSummary problems={form.fields} labels={LABELS} />
      <ErrorNotice error={form.error} />
      {saved ? (
        <p class="notice notice-ok" role="status">
          Profile saved.
        </p>
      ) : null}
      <form onSubmit={form.submit} noValidate>
        <Field {...bind('firstName')} autoComplete="given-name" />
        <Field {...bind('lastName')} autoComplete="family-name" />
        <Field {...bind('bio')} hint="Up to 160 characters" />
        <Field {...bind('location')} />
        <Field {...bind('website')} type="url" autoComplete="url" />
        <fieldset class="field">
          <legend>Account type</legend>
          {(['person', 'business'] as const).map((type) => (
            <label key={type} class="choice">
              <input
                type="radio"
                name="accountType"
                value={type}
                checked={values.accountType === type}
                onChange={() => setValues({ ...values, accountType: type })}
              />{' '}
              {type === 'person' ? 'A person' : 'A business'}
            </label>
          ))}
        </fieldset>
        {values.accountType === 'business' ? (
          <Field {...bind('category')} hint="What kind of business, e.g. Café" />
        ) : null}
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save profile'}
        </button>
      </form>
    </section>
  );
}
