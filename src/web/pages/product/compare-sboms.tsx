// The "Compare SBOMs" control of a product page: pick two versions that have an SBOM, open what changed between them.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Product } from '../../api/types.ts';
import { SelectField } from '../../components/fields.tsx';

/** Shown when at least two versions have an SBOM; defaults to the previous version → the newest one. */
export function CompareSboms({ product }: { product: Product }) {
  // Versions come newest first.
  const withSbom = product.versions.flatMap((v) => (v.sbom ? [{ id: v.id, version: v.version, sbomId: v.sbom.id }] : []));
  const [fromId, setFromId] = useState(withSbom[1]?.id ?? '');
  const [toId, setToId] = useState(withSbom[0]?.id ?? '');
  if (withSbom.length < 2) return null;
  const from = withSbom.find((v) => v.id === fromId) ?? withSbom[1]!;
  const to = withSbom.find((v) => v.id === toId) ?? withSbom[0]!;
  const same = from.id === to.id;
  const options = withSbom.map((v) => (
    <option key={v.id} value={v.id}>
      {v.version}
    </option>
  ));
  return (
    <section className="panel" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare SBOMs</h2>
      <p className="hint">See which packages were added, removed or changed their version from one version’s SBOM to another’s.</p>
      <form className="form form-inline" aria-label="Compare the SBOMs of two versions" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="From version" value={from.id} onChange={(e) => setFromId(e.target.value)}>
          {options}
        </SelectField>
        <SelectField label="To version" value={to.id} onChange={(e) => setToId(e.target.value)}>
          {options}
        </SelectField>
        <div className="actions">
          {same ? (
            <button type="button" className="button button-primary" disabled>
              Compare
            </button>
          ) : (
            <Link className="button button-primary" to={`/sboms/${from.sbomId}/diff/${to.sbomId}`}>
              Compare {from.version} → {to.version}
            </Link>
          )}
        </div>
      </form>
      {same ? <p className="hint">Choose two different versions.</p> : null}
    </section>
  );
}
