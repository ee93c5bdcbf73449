// What to do: the remediations of all the advisory's vulnerabilities, the same advice given for several vulnerabilities
// shown once, grouped by category (vendor fix, mitigations, workarounds, no fix), with the products and vulnerabilities
// each one is for.
import type { AdvisoryDetail } from '../../api/advisories.ts';
import { isWebUrl, remediationLabel, remediationLabels } from './advisory-labels.ts';
import { vulnerabilityName } from './vulnerabilities-section.tsx';

interface Remedy {
  category: string;
  details: string;
  url: string | null;
  productIds: Set<string>;
  vulnerabilities: string[];
}

function collect(advisory: AdvisoryDetail): Map<string, Remedy[]> {
  const byKey = new Map<string, Remedy>();
  advisory.vulnerabilities.forEach((v, index) => {
    const name = vulnerabilityName(v, index);
    for (const r of v.remediations) {
      const key = JSON.stringify([r.category, r.details, r.url]);
      const remedy = byKey.get(key) ?? { category: r.category, details: r.details, url: r.url, productIds: new Set(), vulnerabilities: [] };
      r.productIds.forEach((id) => remedy.productIds.add(id));
      if (!remedy.vulnerabilities.includes(name)) remedy.vulnerabilities.push(name);
      byKey.set(key, remedy);
    }
  });
  const order = Object.keys(remediationLabels);
  const groups = new Map<string, Remedy[]>();
  const sorted = [...byKey.values()].sort((a, b) => {
    const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
    return rank(a.category) - rank(b.category);
  });
  for (const remedy of sorted) groups.set(remedy.category, [...(groups.get(remedy.category) ?? []), remedy]);
  return groups;
}

const forEveryProduct = (remedy: Remedy, advisory: AdvisoryDetail) => advisory.productTree.every((p) => remedy.productIds.has(p.productId));
const forEveryVulnerability = (remedy: Remedy, advisory: AdvisoryDetail) =>
  remedy.vulnerabilities.length === advisory.vulnerabilities.length;

/** Which products and vulnerabilities a remediation is for; nothing when it is for all of them (the panel says so once). */
function Scope({ remedy, advisory }: { remedy: Remedy; advisory: AdvisoryDetail }) {
  const names = new Map(advisory.productTree.map((p) => [p.productId, p.name]));
  const everyProduct = forEveryProduct(remedy, advisory);
  const everyVulnerability = forEveryVulnerability(remedy, advisory);
  if (everyProduct && everyVulnerability) return null;
  return (
    <p className="small muted remedy-scope">
      {remedy.productIds.size === 0 ? (
        'No product named. '
      ) : everyProduct ? (
        'For every product. '
      ) : (
        <>For: {[...remedy.productIds].map((id) => names.get(id) ?? id).join('; ')}. </>
      )}
      {everyVulnerability ? 'Against every vulnerability.' : `Against ${remedy.vulnerabilities.join(', ')}.`}
    </p>
  );
}

/** The "What to do" panel. */
export function RemediationsSection({ advisory }: { advisory: AdvisoryDetail }) {
  const groups = collect(advisory);
  return (
    <section className="panel" aria-labelledby="remediations-title">
      <h2 id="remediations-title">What to do</h2>
      {groups.size === 0 ? (
        <p className="empty">The advisory gives no remediation.</p>
      ) : (
        <p className="hint">
          As the publisher advises, for {advisory.productTree.length === 1 ? 'the product' : `all ${advisory.productTree.length} products`}{' '}
          and against{' '}
          {advisory.vulnerabilities.length === 1 ? 'the vulnerability' : `all ${advisory.vulnerabilities.length} vulnerabilities`} unless
          one says otherwise.
        </p>
      )}
      {[...groups.entries()].map(([category, remedies]) => {
        const label = remediationLabel(category);
        return (
          <div key={category} className="remedy-group" role="group" aria-labelledby={`remedy-${category}`}>
            <h3 id={`remedy-${category}`} className={`remedy-head remedy-${category}`}>
              {label.label}
              {label.explanation ? <span className="title-note">{label.explanation}</span> : null}
            </h3>
            <ul className="remedy-list">
              {remedies.map((remedy, i) => (
                <li key={i}>
                  <p className="prewrap remedy-details">{remedy.details}</p>
                  {isWebUrl(remedy.url) ? (
                    <p className="small">
                      <a href={remedy.url} target="_blank" rel="noopener noreferrer">
                        {remedy.url}
                      </a>
                    </p>
                  ) : null}
                  <Scope remedy={remedy} advisory={advisory} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
