import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Me } from '../api-types';
import { ErrorNotice } from '../components/error-notice';
import { Field } from '../components/field';
import { reloadMe } from '../session';
import { useSubmit } from '../use-submit';
import { useSignedIn } from './guard';

/** Add a phone, verify it with the SMS code, and set SMS notifications and quiet hours. */
export function PhoneSettings() {
  const me = useSignedIn();
  if (!me) return null;
  return (
    <section aria-labelledby="phone-settings">
      <h2 id="phone-settings">Phone and SMS</h2>
      <PhoneState me={me} />
      {me.phone.status === 'verified' ? <SmsForm me={me} /> : null}
    </section>
  );
}

function PhoneState({ me }: { me: Me }) {
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const add = useSubmit(
    () => api.addPhone(number),
    () => void reloadMe(),
  );
  const verify = useSubmit(
    () => api.verifyPhone(code),
    () => void reloadMe(),
  );
  const remove = useSubmit(
    () => api.removePhone(),
    () => void reloadMe(),
  );
  const phone = me.phone;
  return (
    <>
      {phone.status === 'verified' ? (
        <form onSubmit={remove.submit}>
          <p>
            Your phone ending in <strong>{phone.lastDigits}</strong> is linked: text the service number to
            post.
            {phone.optedOut ? ' It sent STOP: text START to receive SMS again.' : ''}
          </p>
          <ErrorNotice error={remove.error} />
          <button type="submit" class="button-secondary" disabled={remove.busy}>
            Unlink this phone
          </button>
        </form>
      ) : null}
      {phone.status === 'pending' ? (
        <form onSubmit={verify.submit}>
          <p>We sent a 6-digit code to your phone ending in {phone.lastDigits}.</p>
          <ErrorNotice error={verify.error} />
          <Field
            name="code"
            label="Code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            error={verify.fields.code}
            onInput={(event) => setCode(event.currentTarget.value)}
          />
          <button type="submit" disabled={verify.busy}>
            Verify
          </button>
        </form>
      ) : null}
      {phone.status !== 'verified' ? (
        <form onSubmit={add.submit}>
          <ErrorNotice error={add.error} />
          <Field
            name="phoneNumber"
            label={phone.status === 'pending' ? 'Send a code to another number' : 'Phone number'}
            type="tel"
            autoComplete="tel"
            hint="International form, like +33 6 12 34 56 78"
            value={number}
            error={add.fields.phoneNumber}
            onInput={(event) => setNumber(event.currentTarget.value)}
          />
          <button type="submit" disabled={add.busy}>
            Send me a code
          </button>
        </form>
      ) : null}
    </>
  );
}

function SmsForm({ me }: { me: Me }) {
  const [notifications, setNotifications] = useState(me.sms.notifications);
  const [quiet, setQuiet] = useState(me.sms.quietHours !== null);
  const [start, setStart] = useState(me.sms.quietHours?.start ?? '22:00');
  const [end, setEnd] = useState(me.sms.quietHours?.end ?? '07:00');
  const [timeZone, setTimeZone] = useState(
    me.sms.timeZone === 'UTC' ? Intl.DateTimeFormat().resolvedOptions().timeZone : me.sms.timeZone,
  );
  const [saved, setSaved] = useState(false);
  const form = useSubmit(
    () => api.updateSms({ notifications, quietHours: quiet ? { start, end } : null, timeZone }),
    () => {
      setSaved(true);
      void reloadMe();
    },
  );
  return (
    <form onSubmit={form.submit} class="sms-settings">
      <h3>SMS notifications</h3>
      <ErrorNotice error={form.error} />
      {saved ? (
        <p class="notice notice-ok" role="status">
          SMS settings saved.
        </p>
      ) : null}
      <label class="choice">
        <input
          type="checkbox"
          checked={notifications === 'on'}
          onChange={(event) => setNotifications(event.currentTarget.checked ? 'on' : 'off')}
        />{' '}
        Text me the posts of everyone I follow
      </label>
      <label class="choice">
        <input type="checkbox" checked={quiet} onChange={(event) => setQuiet(event.currentTarget.checked)} />{' '}
        Quiet hours
      </label>
      {quiet ? (
        <div class="inline-fields">
          <Field
            name="quietStart"
            label="From"
            type="time"
            value={start}
            error={form.fields['quietHours.start']}
            onInput={(event) => setStart(event.currentTarget.value)}
          />
          <Field
            name="quietEnd"
            label="Until"
            type="time"
            value={end}
            error={form.fields['quietHours.end']}
            onInput={(event) => setEnd(event.currentTarget.value)}
          />
        </div>
      ) : null}
      <Field
        name="timeZone"
        label="Time zone"
        value={timeZone}
        error={form.fields.timeZone}
        onInput={(event) => setTimeZone(event.currentTarget.value)}
      />
      <button type="submit" disabled={form.busy}>
        Save SMS settings
      </button>
    </form>
  );
}
