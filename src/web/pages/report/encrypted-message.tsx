// OpenPGP on the report form: the ISAO's key (fingerprint and download, in the side panel) and the optional encrypted
// message, which the server decrypts and reads like the description. Its text is never shown back to the reporter.
import { useState } from 'react';
import { reportKeyUrl, useReportKey } from '../../api/reports.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { CheckedTextArea } from './report-fields.tsx';
import { MAX_ARMORED_CHARS } from './report-form-model.ts';
import type { SectionProps } from './report-sections.tsx';

/** The two halves of a fingerprint, each five groups of four, as gpg prints them. */
function fingerprintHalves(fingerprint: string): [string, string] {
  const groups = fingerprint.match(/.{1,4}/g) ?? [];
  return [groups.slice(0, 5).join(' '), groups.slice(5).join(' ')];
}

/** "CCA4 05FE … 1C6E": ten groups of four, as gpg prints a fingerprint. */
export const formatFingerprint = (fingerprint: string) => fingerprintHalves(fingerprint).join('  ').trim();

/** The side panel's part: the key's fingerprint and a download link. */
export function ReportKeyFacts() {
  const key = useReportKey();
  return (
    <>
      <h3>Encrypt with OpenPGP</h3>
      {key.data ? (
        <>
          <p className="small">To send the details encrypted, use the ISAO’s OpenPGP key. Its fingerprint:</p>
          <code className="pgp-fingerprint" data-testid="pgp-fingerprint">
            {fingerprintHalves(key.data.fingerprint).map((half, i) => (
              <span key={i}>
                {i > 0 ? ' ' : ''}
                {half}
              </span>
            ))}
          </code>
          <p className="small">
            <a href={reportKeyUrl()} download={`openisao-${key.data.fingerprint.slice(-16)}.asc`}>
              Download the key (.asc)
            </a>
          </p>
        </>
      ) : (
        <p className="small muted">{key.isError ? 'The key could not be loaded: reload the page to try again.' : 'Loading the key…'}</p>
      )}
    </>
  );
}

/** The optional encrypted message, folded away until wanted (open when it holds something). */
export function EncryptedMessageField({ form, patch, problems, touch }: SectionProps) {
  const key = useReportKey();
  const [open, setOpen] = useState(form.encryptedMessage !== '');
  const command = key.data ? `gpg --armor --encrypt --recipient ${key.data.fingerprint} report.txt` : null;
  return (
    <details className="report-pgp" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Send the details encrypted with OpenPGP (optional)</summary>
      <p className="small">
        Import the ISAO’s key (download it from the side panel: <code>gpg --import</code>), write the details in a text file, encrypt it and
        paste the result below. Only ISAO coordinators read it; your tracking page shows only that it arrived. The other fields are sent as
        you type them.
      </p>
      {command ? (
        <div className="pgp-command">
          <code>{command}</code>
          <CopyButton text={command} label="Copy command" />
        </div>
      ) : null}
      <CheckedTextArea
        label="Encrypted message"
        name="encryptedMessage"
        className="pgp-armor"
        rows={8}
        spellCheck={false}
        autoComplete="off"
        placeholder={'-----BEGIN PGP MESSAGE-----\n…\n-----END PGP MESSAGE-----'}
        max={MAX_ARMORED_CHARS}
        value={form.encryptedMessage}
        onChange={(e) => patch({ encryptedMessage: e.target.value })}
        onBlur={() => touch('encryptedMessage')}
        error={problems.encryptedMessage}
        hint="The content of report.txt.asc, from -----BEGIN PGP MESSAGE----- to -----END PGP MESSAGE-----. With it, the description may stay short."
      />
    </details>
  );
}
