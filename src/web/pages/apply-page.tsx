// /apply: the membership application, with the participant agreement to read and accept.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { orgKindLabels, orgKinds, type OrgKind } from '../../shared/vocabulary.ts';
import { useAgreement, useApply } from '../api/membership.ts';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../components/fields.tsx';
import { ErrorBanner, Loading } from '../components/messages.tsx';
import { PublicShell } from '../components/public-shell.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

type ApplicantKind = Exclude<OrgKind, 'operator'>;
const applicantKinds = orgKinds.filter((kind): kind is ApplicantKind => kind !== 'operator');

/** Trimmed text, or undefined when empty (optional fields). */
const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The application form; on success the applicant is asked to confirm the email address. */
export function ApplyPage() {
  usePageTitle('Apply for membership');
  const agreement = useAgreement();
  const apply = useApply();
  const [form, setForm] = useState({
    orgName: '',
    kind: 'manufacturer' as ApplicantKind,
    country: '',
    website: '',
    name: '',
    email: '',
    password: '',
    message: '',
  });
  const [accepted, setAccepted] = useState(false);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!agreement.data || !accepted) return;
    apply.mutate({
      organisation: { name: form.orgName.trim(), kind: form.kind, country: optional(form.country), website: optional(form.website) },
      applicant: { name: form.name.trim(), email: form.email.trim(), password: form.password },
      message: optional(form.message),
      acceptAgreementVersion: agreement.data.version,
    });
  };

  if (apply.data) {
    return (
      <PublicShell>
        <h1>Check your email</h1>
        <div className="banner banner-success" role="status">
          {apply.data.message}
        </div>
        <p>
          Open the link in the email to confirm your address. You are then signed in and can follow your application while the ISAO team
          reviews it. No email? Check your spam folder, or apply again after an hour.
        </p>
        <p>
          <Link to="/login">Go to sign in</Link>
        </p>
      </PublicShell>
    );
  }

  return (
    <PublicShell wide>
      <h1>Apply for membership</h1>
      <p className="lead">
        OpenISAO members share threat and vulnerability information about medical devices in confidence. The ISAO team reviews every
        application, usually within a few working days.
      </p>
      <form className="form" onSubmit={submit}>
        <fieldset>
          <legend>Your organisation</legend>
          <TextField
            label="Organisation name"
            name="orgName"
            required
            maxLength={200}
            value={form.orgName}
            onChange={set('orgName')}
            autoComplete="organization"
          />
          <SelectField
            label="Kind of organisation"
            name="kind"
            value={form.kind}
            onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as ApplicantKind }))}
          >
            {applicantKinds.map((kind) => (
              <option key={kind} value={kind}>
                {orgKindLabels[kind]}
              </option>
            ))}
          </SelectField>
          <div className="field-row">
            <TextField
              label="Country (optional)"
              name="country"
              maxLength={100}
              value={form.country}
              onChange={set('country')}
              autoComplete="country-name"
            />
            <TextField
              label="Website (optional)"
              name="website"
              type="url"
              maxLength={300}
              placeholder="https://"
              value={form.website}
              onChange={set('website')}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>You</legend>
          <TextField label="Your name" name="name" required maxLength={200} value={form.name} onChange={set('name')} autoComplete="name" />
          <TextField
            label="Work email"
            name="email"
            type="email"
            required
            value={form.email}
            onChange={set('email')}
            autoComplete="email"
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            required
            minLength={12}
            value={form.password}
            onChange={set('password')}
            autoComplete="new-password"
            hint="At least 12 characters; common passwords are refused."
          />
        </fieldset>
        <TextAreaField
          label="Message to the ISAO team (optional)"
          name="message"
          rows={4}
          maxLength={4000}
          value={form.message}
          onChange={set('message')}
          hint="Tell us briefly why you want to join and what you can share."
        />
        <section aria-labelledby="agreement-title" className="agreement">
          {agreement.data ? (
            <>
              <h2 id="agreement-title">
                {agreement.data.title} <span className="muted">(version {agreement.data.version})</span>
              </h2>
              <div className="agreement-text" tabIndex={0} role="region" aria-label="Participant agreement text">
                {agreement.data.text}
              </div>
              <CheckboxField
                label={`I accept the participant agreement (version ${agreement.data.version})`}
                name="acceptAgreement"
                required
                checked={accepted}
                onChange={(e) => setAccepted(e.target.checked)}
              />
            </>
          ) : (
            <>
              <h2 id="agreement-title">Participant agreement</h2>
              {agreement.error ? (
                <ErrorBanner
                  title="Could not load the participant agreement."
                  error={agreement.error}
                  onRetry={() => void agreement.refetch()}
                />
              ) : (
                <Loading what="Loading the participant agreement" />
              )}
            </>
          )}
        </section>
        <ErrorBanner title="The application was not sent." error={apply.error} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={apply.isPending || !agreement.data}>
            {apply.isPending ? 'Sending…' : 'Submit application'}
          </button>
          <Link to="/login">I already have an account</Link>
        </div>
      </form>
    </PublicShell>
  );
}
