// The NTIA minimum-elements report: verdict, document checks, per-element coverage bars, identifiers, the subject.
import type { SbomQualityReport } from '../../api/types.ts';
import { VerdictBadge } from '../../components/portfolio-badges.tsx';
import { elementLabels } from '../../lib/portfolio-labels.ts';

interface Coverage {
  present: number;
  missing: number;
  percent: number;
}

const documentChecks = [
  ['author', 'Author of the SBOM data'],
  ['timestamp', 'Timestamp'],
  ['dependencies', 'Dependency relationships'],
] as const;

const elementOrder = ['supplier', 'name', 'version', 'uniqueIdentifier'] as const;

function CoverageRow({ label, coverage }: { label: string; coverage: Coverage }) {
  const total = coverage.present + coverage.missing;
  const level = coverage.percent >= 100 ? 'full' : coverage.percent >= 50 ? 'part' : 'low';
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="coverage-cell">
        <meter
          className={`coverage coverage-${level}`}
          min={0}
          max={100}
          low={50}
          high={99.9}
          optimum={100}
          value={coverage.percent}
          aria-label={`${label}: ${coverage.percent} %`}
        >
          {coverage.percent} %
        </meter>
      </td>
      <td className="nowrap">
        <strong>{coverage.percent} %</strong>{' '}
        <span className="muted small">
          ({coverage.present} of {total})
        </span>
      </td>
    </tr>
  );
}

/** The quality panel of an SBOM page. */
export function QualityReport({ quality }: { quality: SbomQualityReport }) {
  return (
    <section className="panel" aria-labelledby="quality-title">
      <div className="panel-head">
        <h2 id="quality-title">NTIA minimum elements</h2>
        <VerdictBadge verdict={quality.verdict} />
      </div>
      {quality.summary ? <p>{quality.summary}</p> : null}
      <div className="grid-2">
        <div>
          <h3>Document</h3>
          <ul className="checks">
            {documentChecks.map(([key, label]) => {
              const check = quality.document[key];
              return (
                <li key={key} className={check.ok ? 'check-ok' : 'check-bad'}>
                  <span className="check-mark" aria-hidden="true">
                    {check.ok ? '✓' : '✗'}
                  </span>
                  <span>
                    <strong>{label}</strong>
                    <span className="visually-hidden">{check.ok ? ': present.' : ': missing.'}</span>
                    <span className="check-detail">{check.detail}</span>
                  </span>
                </li>
              );
            })}
          </ul>
          <h3>Identifiers</h3>
          <p className="small">
            Of {quality.componentCount} components: {quality.identifiers.purl} with a package URL (purl), {quality.identifiers.cpe} with a
            CPE, {quality.identifiers.hash} with a hash
            {quality.identifiers.none > 0 ? (
              <>
                ; <strong className="text-danger">{quality.identifiers.none} with no identifier</strong> (they cannot be matched to
                vulnerabilities)
              </>
            ) : null}
            .
          </p>
          {quality.subject ? (
            <>
              <h3>The product itself</h3>
              <p className="small">
                {quality.subject.name}:{' '}
                {quality.subject.missing.length === 0
                  ? 'has every minimum element.'
                  : `lacks ${quality.subject.missing
                      .map((m) => elementLabels[m] ?? m)
                      .join(', ')
                      .toLowerCase()}.`}
              </p>
            </>
          ) : null}
        </div>
        <div>
          <h3>Components ({quality.componentCount})</h3>
          <div className="table-wrap">
            <table className="table-dense coverage-table">
              <caption className="visually-hidden">Share of components with each minimum element</caption>
              <tbody>
                {elementOrder.map((element) => (
                  <CoverageRow key={element} label={elementLabels[element] ?? element} coverage={quality.elements[element]} />
                ))}
                <CoverageRow label="All minimum elements" coverage={quality.complete} />
                <CoverageRow label="Own dependencies stated" coverage={quality.dependencyEntries} />
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </section>
  );
}
