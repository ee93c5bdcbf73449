// The vulnerabilities of a case: title, CVE, CWE, CVSS 3.1 and 4.0 (score, severity, vector) and the description;
// ISAO staff add and edit them.
import { useState } from 'react';
import type { CaseDetail, CaseVulnerability } from '../../api/cases.ts';
import { SuccessMessage } from '../../components/messages.tsx';
import { SeverityBadge } from '../../components/portfolio-badges.tsx';
import { severityOf } from '../advisory/advisory-labels.ts';
import { CveDownload } from './cve-download.tsx';
import { VulnerabilityForm } from './vulnerability-form.tsx';

type Score = CaseVulnerability['cvss31'];

/** The vulnerabilities in their order: the first is "V1" in the headings, the matrix and the change log. */
export function sortedVulnerabilities(detail: CaseDetail): CaseVulnerability[] {
  return [...detail.vulnerabilities].sort((a, b) => a.position - b.position);
}

function ScoreLine({ score, version }: { score: Score; version: string }) {
  if (!score) return <span className="muted">Not scored</span>;
  return (
    <span className="case-score">
      <SeverityBadge level={severityOf(score.severity, score.score)} score={score.score} />
      <code className="ident vector" aria-label={`CVSS ${version} vector`}>
        {score.vector}
      </code>
    </span>
  );
}

function cweUrl(id: string): string | null {
  const number = /^CWE-(\d+)$/i.exec(id)?.[1];
  return number ? `https://cwe.mitre.org/data/definitions/${number}.html` : null;
}

/** One vulnerability: title, CVE, CWE, CVSS 3.1 and 4.0, description (also on an external vendor's page). */
export function VulnerabilityView({ v, label }: { v: CaseVulnerability; label: string }) {
  const best = [v.cvss40, v.cvss31].find((s) => s !== null) ?? null;
  const url = v.cwe ? cweUrl(v.cwe) : null;
  return (
    <>
      <h3 className="advisory-vuln-head">
        <span className="case-vuln-label">{label}</span> {v.title}
        {best ? <SeverityBadge level={severityOf(best.severity, best.score)} score={best.score} /> : null}
      </h3>
      <dl className="details">
        <dt>CVE</dt>
        <dd>{v.cve ? <code className="vuln-id">{v.cve}</code> : <span className="muted">None assigned yet</span>}</dd>
        <dt>Weakness</dt>
        <dd>
          {v.cwe && url ? (
            <a href={url} target="_blank" rel="noopener noreferrer">
              {v.cwe}
            </a>
          ) : (
            (v.cwe ?? <span className="muted">None named</span>)
          )}
        </dd>
        <dt>CVSS 3.1</dt>
        <dd>
          <ScoreLine score={v.cvss31} version="3.1" />
        </dd>
        <dt>CVSS 4.0</dt>
        <dd>
          <ScoreLine score={v.cvss40} version="4.0" />
        </dd>
      </dl>
      {v.description ? <p className="prewrap">{v.description}</p> : <p className="muted">No description yet.</p>}
    </>
  );
}

/** The "Vulnerabilities" panel. */
export function VulnerabilitiesSection({ detail }: { detail: CaseDetail }) {
  const staff = detail.myRole === 'coordinator';
  // The id of the vulnerability being edited, 'new' while adding one, or null.
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const vulnerabilities = sortedVulnerabilities(detail);
  const finish = (text: string) => (saved: boolean) => {
    setEditing(null);
    setDone(saved ? text : null);
  };
  return (
    <section className="panel" aria-labelledby="case-vulns-title">
      <div className="panel-head">
        <h2 id="case-vulns-title">
          Vulnerabilities <span className="tab-count">{vulnerabilities.length}</span>
        </h2>
        {staff && editing === null ? (
          <button type="button" className="button button-small" onClick={() => setEditing('new')}>
            Add a vulnerability
          </button>
        ) : null}
      </div>
      {done ? <SuccessMessage>{done}</SuccessMessage> : null}
      {vulnerabilities.length === 0 && editing !== 'new' ? (
        <p className="empty">
          {staff ? 'No vulnerability yet. Add what the reports describe once it is understood.' : 'No vulnerability described yet.'}
        </p>
      ) : null}
      {vulnerabilities.map((v, i) => (
        <article key={v.id} className="advisory-vuln case-vuln" aria-label={`V${i + 1} ${v.title}`}>
          {editing === v.id ? (
            <VulnerabilityForm caseId={detail.id} vulnerability={v} onDone={finish('The vulnerability was saved.')} />
          ) : (
            <>
              <VulnerabilityView v={v} label={`V${i + 1}`} />
              {staff && editing === null ? (
                <div className="actions">
                  <button type="button" className="button button-small" onClick={() => setEditing(v.id)} aria-label={`Edit V${i + 1}`}>
                    Edit
                  </button>
                  <CveDownload caseId={detail.id} v={v} label={`V${i + 1}`} />
                </div>
              ) : null}
            </>
          )}
        </article>
      ))}
      {editing === 'new' ? (
        <div className="case-vuln">
          <h3>New vulnerability</h3>
          <VulnerabilityForm caseId={detail.id} vulnerability={null} onDone={finish('The vulnerability was added.')} />
        </div>
      ) : null}
    </section>
  );
}
