// Adding a vendor that is not a member (coordinators): organisation, contact name and address, a note for the
// coordinators. The contact is emailed a one-time link that opens this case only.
import { useState, type FormEvent } from 'react';
import { type CaseDetail, useAddExternalVendor } from '../../api/cases.ts';
import { TextAreaField, TextField } from '../../components/fields.tsx';
import { ErrorBanner } from '../../components/messages.tsx';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The form, opened from a button so the vendors panel stays short. */
export function ExternalVendorForm({ detail, onAdded }: { detail: CaseDetail; onAdded: (text: string) => void }) {
  const add = useAddExternalVendor(detail.id);
  const [open, setOpen] = useState(false);
  const [orgName, setOrgName] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const [note, setNote] = useState('');
  if (!open) {
    return (
      <p className="case-add-external">
        <button type="button" className="button button-small" onClick={() => setOpen(true)}>
          Add a vendor that is not a member
        </button>{' '}
        <span className="hint">Its contact gets a one-time link by email to this case only.</span>
      </p>
    );
  }
  const emailOk = emailPattern.test(contactEmail.trim());
  const ready = orgName.trim().length >= 2 && emailOk;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    const name = orgName.trim();
    const email = contactEmail.trim();
    add.mutate(
      { orgName: name, contactName: contactName.trim(), contactEmail: email, note: note.trim() },
      {
        onSuccess: () => {
          setOpen(false);
          setOrgName('');
          setContactName('');
          setContactEmail('');
          setNote('');
          onAdded(`${name} was added and ${email} was emailed a one-time link.`);
        },
      },
    );
  };
  return (
    <form className="form case-add-external case-external-form" onSubmit={submit} aria-label="Add a vendor that is not a member">
      <h3>Add a vendor that is not a member</h3>
      <p className="hint">
        The contact gets an email with a link that works once, for 14 days, and opens this case for 7 days in one browser: the
        vulnerabilities, the embargo, its own statements and its thread with you. It never sees the other vendors or the reporter.
      </p>
      <div className="field-row">
        <TextField
          label="Organisation"
          name="orgName"
          value={orgName}
          onChange={(e) => setOrgName(e.target.value)}
          maxLength={200}
          required
        />
        <TextField
          label="Contact name (optional)"
          name="contactName"
          value={contactName}
          onChange={(e) => setContactName(e.target.value)}
          maxLength={200}
        />
      </div>
      <TextField
        label="Contact email"
        name="contactEmail"
        type="email"
        value={contactEmail}
        onChange={(e) => setContactEmail(e.target.value)}
        maxLength={254}
        required
        aria-invalid={contactEmail !== '' && !emailOk}
        hint="Their PSIRT or security address, e.g. from the vendor’s security.txt."
      />
      <TextAreaField
        label="Note for the coordinators (optional)"
        name="note"
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={2000}
        hint="How you found the contact, a phone number… Never shown to the vendor."
      />
      <ErrorBanner title="The vendor was not added." error={add.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!ready || add.isPending}>
          {add.isPending ? 'Adding…' : 'Add and email the link'}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
