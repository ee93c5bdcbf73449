// The "Add version" form of a product page: version label, release date, end of support.
import { useState, type FormEvent } from 'react';
import { useCreateVersion } from '../../api/portfolio.ts';
import { TextField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';

/** Adds a version; the versions table refreshes on success. */
export function AddVersionForm({ productId }: { productId: string }) {
  const create = useCreateVersion(productId);
  const [version, setVersion] = useState('');
  const [releaseDate, setReleaseDate] = useState('');
  const [endOfSupport, setEndOfSupport] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const label = version.trim();
    create.mutate(
      { version: label, releaseDate: releaseDate || undefined, endOfSupport: endOfSupport || undefined },
      {
        onSuccess: () => {
          setAdded(label);
          setVersion('');
          setReleaseDate('');
          setEndOfSupport('');
        },
      },
    );
  };
  const endBeforeRelease = Boolean(releaseDate && endOfSupport && endOfSupport < releaseDate);
  return (
    <section className="panel" aria-labelledby="add-version-title">
      <h2 id="add-version-title">Add version</h2>
      {added ? <SuccessMessage>Version {added} added. Upload its SBOM in the versions table.</SuccessMessage> : null}
      <form className="form form-inline" onSubmit={submit} aria-label="Add a version">
        <TextField
          label="Version"
          required
          maxLength={100}
          value={version}
          onChange={(e) => setVersion(e.target.value)}
          placeholder="e.g. 4.2.1"
          autoComplete="off"
        />
        <TextField label="Release date" type="date" value={releaseDate} onChange={(e) => setReleaseDate(e.target.value)} />
        <TextField label="End of support" type="date" value={endOfSupport} onChange={(e) => setEndOfSupport(e.target.value)} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={create.isPending || endBeforeRelease}>
            {create.isPending ? 'Adding…' : 'Add version'}
          </button>
        </div>
      </form>
      {endBeforeRelease ? (
        <p className="hint text-danger" role="alert">
          The end of support is before the release date.
        </p>
      ) : null}
      <ErrorBanner title="The version was not added." error={create.error} />
    </section>
  );
}
