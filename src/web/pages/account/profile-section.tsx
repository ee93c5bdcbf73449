// Account security: my display name and time zone.
import { useState, type FormEvent } from 'react';
import { useUpdateProfile } from '../../api/me.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { browserTimeZone } from '../../lib/time.ts';

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return Array.from(new Set([current, browserTimeZone(), 'UTC', ...all])).filter(Boolean);
}

/** The profile form (PATCH /me). */
export function ProfileSection() {
  const me = useCurrentMe();
  const update = useUpdateProfile();
  const [name, setName] = useState(me.person.name);
  const [timeZone, setTimeZone] = useState(me.person.timeZone);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name: name.trim(), timeZone });
  };
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form className="form" onSubmit={submit}>
        <TextField label="Email" value={me.person.email} readOnly disabled hint="Ask your organisation admin to change your email." />
        <TextField
          label="Display name"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
        />
        <SelectField label="Time zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} hint="Used for dates in emails.">
          {timeZones(me.person.timeZone).map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </SelectField>
        <ErrorBanner title="Your profile was not saved." error={update.error} />
        {update.isSuccess ? <SuccessMessage>Profile saved.</SuccessMessage> : null}
        <div className="actions">
          <button type="submit" className="button" disabled={update.isPending}>
            Save profile
          </button>
        </div>
      </form>
    </section>
  );
}
