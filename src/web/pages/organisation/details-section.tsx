// My organisation: details, country/website edit and the "require MFA" switch.
import { useState, type FormEvent } from 'react';
import { orgKindLabels } from '../../../shared/vocabulary.ts';
import { useUpdateOrganisation } from '../../api/organisations.ts';
import type { OrganisationItem } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { CheckboxField, TextField } from '../../components/fields.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';

/** Organisation details and settings an org admin can change. */
export function DetailsSection({ organisation }: { organisation: OrganisationItem }) {
  const me = useCurrentMe();
  const own = organisation.id === me.organisation.id;
  const update = useUpdateOrganisation(organisation.id);
  const mfa = useUpdateOrganisation(organisation.id);
  // The switch shows the choice at once and goes back if the server refuses it.
  const [requireMfa, setRequireMfa] = useState(organisation.requireMfa);
  const [country, setCountry] = useState(organisation.country ?? '');
  const [website, setWebsite] = useState(organisation.website ?? '');
  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ country: country.trim() || null, website: website.trim() || null });
  };
  return (
    <section className="panel" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <dl className="details">
        <dt>Name</dt>
        <dd>{organisation.name}</dd>
        <dt>Kind</dt>
        <dd>{orgKindLabels[organisation.kind]}</dd>
        <dt>Membership</dt>
        <dd className="capitalize">{organisation.status}</dd>
        <dt>Member since</dt>
        <dd>
          <DateTime value={organisation.createdAt} dateOnly />
        </dd>
      </dl>
      <div className="setting">
        <CheckboxField
          label={own ? 'Require MFA for everyone in my organisation' : 'Require MFA for everyone in this organisation'}
          checked={requireMfa}
          disabled={mfa.isPending}
          onChange={(e) => {
            const next = e.target.checked;
            setRequireMfa(next);
            mfa.mutate({ requireMfa: next }, { onError: () => setRequireMfa(!next) });
          }}
          hint={`When on, people without two-factor authentication must set it up before they can use OpenISAO.${own && !me.person.mfaEnabled ? ' That includes you: you will be asked to set it up straight away.' : ''}`}
        />
        <ErrorBanner title="The setting was not changed." error={mfa.error} />
        {mfa.isSuccess ? (
          <SuccessMessage>
            {requireMfa ? 'Two-factor authentication is now required.' : 'Two-factor authentication is now optional.'}
          </SuccessMessage>
        ) : null}
      </div>
      <form className="form" onSubmit={save} aria-label="Organisation contact details">
        <div className="field-row">
          <TextField label="Country" maxLength={100} value={country} onChange={(e) => setCountry(e.target.value)} />
          <TextField
            label="Website"
            type="url"
            maxLength={300}
            value={website}
            onChange={(e) => setWebsite(e.target.value)}
            placeholder="https://"
          />
        </div>
        <ErrorBanner title="The details were not saved." error={update.error} />
        {update.isSuccess ? <SuccessMessage>Details saved.</SuccessMessage> : null}
        <div className="actions">
          <button type="submit" className="button" disabled={update.isPending}>
            Save details
          </button>
        </div>
      </form>
    </section>
  );
}
