// The vulnerabilities of an advisory: CVE (linking to the vulnerability page, or to cve.org for visitors), KEV, CVSS scores with vectors, CWE, title,
// the description, and how many of the advisory's products each status covers.
import { Link } from 'react-router-dom';
import type { AdvisoryDetail, AdvisoryVulnerability } from '../../api/advisories.ts';
import { KevBadge, SeverityBadge } from '../../components/portfolio-badges.tsx';
import { productStatusLabel, severityOf, sortStatuses } from './advisory-labels.ts';
import { useOptionalMe } from './advisory-frame.tsx';

const descriptionCategories = new Set(['summary', 'description']);

/** The heading text of a vulnerability: its CVE, else its first other id, else its title. */
export function vulnerabilityName(v: AdvisoryVulnerability, index: number): string {
  return v.cve ?? v.ids[0]?.text ?? v.title ?? `Vulnerability ${index + 1}`;
}

function cweUrl(id: string): string | null {
  const number = /^CWE-(\d+)$/i.exec(id)?.[1];
  return number ? `https://cwe.mitre.org/data/definitions/${number}.html` : null;
}

function StatusSummary({ v, names }: { v: AdvisoryVulnerability; names: Map<string, string> }) {
  const statuses = sortStatuses(Object.keys(v.productStatus)).filter((s) => (v.productStatus[s] ?? []).length > 0);
  if (statuses.length === 0) return <span className="muted">No product status given</span>;
  return (
    <ul className="plain-list status-summary">
      {statuses.map((status) => {
        const ids = v.productStatus[status] ?? [];
        const label = productStatusLabel(status);
        const productNames = ids.map((id) => names.get(id) ?? id);
        return (
          <li key={status}>
            <span className={`pill pill-tight ${label.tone}`}>{label.label}</span>
            {ids.length <= 3 ? (
              <span className="small">{productNames.join('; ')}</span>
            ) : (
              <span className="small" title={productNames.join('\n')}>
                {ids.length} products (listed under “Products”)
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function VulnerabilityView({
  v,
  index,
  names,
  signedIn,
}: {
  v: AdvisoryVulnerability;
  index: number;
  names: Map<string, string>;
  signedIn: boolean;
}) {
  const name = vulnerabilityName(v, index);
  const best = [...v.scores].sort((a, b) => b.baseScore - a.baseScore)[0];
  const descriptions = v.notes.filter((n) => descriptionCategories.has(n.category));
  const otherNotes = v.notes.filter((n) => !descriptionCategories.has(n.category));
  const headingId = `vuln-${index}`;
  const url = v.cwe ? cweUrl(v.cwe.id) : null;
  return (
    <article className="advisory-vuln" aria-labelledby={headingId}>
      <h3 id={headingId} className="advisory-vuln-head">
        {v.cve && signedIn ? (
          <Link to={`/vulnerabilities/${encodeURIComponent(v.cve)}`} className="vuln-id" title="What the loaded vulnerability data says">
            {v.cve}
          </Link>
        ) : v.cve ? (
          <a
            href={`https://www.cve.org/CVERecord?id=${encodeURIComponent(v.cve)}`}
            className="vuln-id"
            target="_blank"
            rel="noopener noreferrer"
            title="The CVE record at cve.org"
          >
            {v.cve}
          </a>
        ) : (
          <span className="vuln-id">{name}</span>
        )}
        {v.kev ? <KevBadge /> : null}
        {best ? <SeverityBadge level={severityOf(best.severity, best.baseScore)} score={best.baseScore} /> : null}
      </h3>
      {v.title ? <p className="advisory-vuln-title">{v.title}</p> : null}
      {descriptions.map((n, i) => (
        <p key={i} className="prewrap">
          {n.text}
        </p>
      ))}
      <dl className="details">
        {v.kev ? (
          <>
            <dt>Known exploited</dt>
            <dd>
              <strong>Yes:</strong> in CISA’s Known Exploited Vulnerabilities catalog — attackers are using it. Handle it first.
            </dd>
          </>
        ) : null}
        <dt>CVSS</dt>
        <dd>
          {v.scores.length === 0 ? (
            <span className="muted">No score given</span>
          ) : (
            <ul className="plain-list score-list">
              {v.scores.map((s) => (
                <li key={`${s.version}-${s.vector}`}>
                  <SeverityBadge level={severityOf(s.severity, s.baseScore)} score={s.baseScore} />{' '}
                  <span className="muted small">CVSS {s.version}</span>
                  <code className="ident vector">{s.vector}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Weakness</dt>
        <dd>
          {v.cwe ? (
            <>
              {url ? (
                <a href={url} target="_blank" rel="noopener noreferrer">
                  {v.cwe.id}
                </a>
              ) : (
                v.cwe.id
              )}{' '}
              {v.cwe.name}
            </>
          ) : (
            <span className="muted">None named</span>
          )}
        </dd>
        {v.ids.length ? (
          <>
            <dt>Other ids</dt>
            <dd>
              {v.ids.map((id) => (
                <span key={`${id.system}-${id.text}`} className="other-id">
                  <code>{id.text}</code> <span className="muted small">({id.system})</span>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        <dt>Products</dt>
        <dd>
          <StatusSummary v={v} names={names} />
        </dd>
      </dl>
      {otherNotes.length ? (
        <details>
          <summary>
            {otherNotes.length} more note{otherNotes.length === 1 ? '' : 's'} about {name}
          </summary>
          {otherNotes.map((n, i) => (
            <div key={i} className="note">
              {n.title ? <h4>{n.title}</h4> : null}
              <p className="prewrap small">{n.text}</p>
            </div>
          ))}
        </details>
      ) : null}
    </article>
  );
}

/** The "Vulnerabilities" panel. */
export function VulnerabilitiesSection({ advisory }: { advisory: AdvisoryDetail }) {
  const signedIn = useOptionalMe() !== null;
  const names = new Map(advisory.productTree.map((p) => [p.productId, p.name]));
  return (
    <section className="panel" aria-labelledby="vulns-title">
      <h2 id="vulns-title">
        Vulnerabilities <span className="tab-count">{advisory.vulnerabilities.length}</span>
      </h2>
      {advisory.vulnerabilities.length === 0 ? <p className="empty">This advisory names no vulnerability.</p> : null}
      {advisory.vulnerabilities.map((v, i) => (
        <VulnerabilityView key={`${v.cve ?? ''}-${i}`} v={v} index={i} names={names} signedIn={signedIn} />
      ))}
    </section>
  );
}
