// /advisories/:id: one CSAF advisory, to act on: what it is about, the product versions of mine it may concern, the
// vulnerabilities, the products and their status, what to do, references, revisions and the CSAF file.
import { Link, useParams } from 'react-router-dom';
import { type AdvisoryDetail, useAdvisory } from '../api/advisories.ts';
import { DateTime } from '../components/date-time.tsx';
import { CalendarDate, KevBadge, SeverityBadge } from '../components/portfolio-badges.tsx';
import { QueryView } from '../components/query-view.tsx';
import { TlpBadge } from '../components/tlp-badge.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { severityOfScore, utcDay } from './advisory/advisory-labels.ts';
import { useOptionalMe } from './advisory/advisory-frame.tsx';
import { AdvisoryNotes } from './advisory/advisory-notes.tsx';
import { MyMatchesPanel } from './advisory/my-matches.tsx';
import { ProductsSection } from './advisory/products-section.tsx';
import { RemediationsSection } from './advisory/remediations-section.tsx';
import { CsafDownload, RevisionsSection, SourcesSection } from './advisory/revisions-section.tsx';
import { VulnerabilitiesSection } from './advisory/vulnerabilities-section.tsx';

function Facts({ advisory }: { advisory: AdvisoryDetail }) {
  return (
    <section className="panel advisory-facts" aria-labelledby="facts-title">
      <h2 id="facts-title" className="visually-hidden">
        About this advisory
      </h2>
      <dl className="details">
        <dt>Tracking id</dt>
        <dd>
          <code className="tracking-id">{advisory.trackingId}</code>
        </dd>
        <dt>Publisher</dt>
        <dd>
          {advisory.publisher} <span className="muted small">{advisory.publisherNamespace}</span>
        </dd>
        <dt>Version</dt>
        <dd>
          {advisory.version} <span className="muted">({advisory.status})</span>
        </dd>
        <dt>First released</dt>
        <dd>
          <CalendarDate value={utcDay(advisory.initialReleaseDate)} />
        </dd>
        <dt>Current release</dt>
        <dd>
          <CalendarDate value={utcDay(advisory.currentReleaseDate)} />
        </dd>
        <dt>Label</dt>
        <dd>
          <TlpBadge tlp={advisory.tlp} />{' '}
          <span className="muted small">
            {advisory.csafTlp ? `The document itself says TLP:${advisory.csafTlp}.` : 'The document carries no TLP label.'}
          </span>
        </dd>
        <dt>Imported</dt>
        <dd>
          <DateTime value={advisory.importedAt} />
        </dd>
        <dt>CSAF file</dt>
        <dd>
          <CsafDownload advisory={advisory} />
        </dd>
      </dl>
    </section>
  );
}

function AdvisoryView({ advisory }: { advisory: AdvisoryDetail }) {
  const me = useOptionalMe();
  const kev = advisory.vulnerabilities.filter((v) => v.kev).length;
  return (
    <>
      <div className="title-row">
        <h1>{advisory.title}</h1>
        <span className="finding-counts">
          <TlpBadge tlp={advisory.tlp} />
          {advisory.maxScore !== null ? <SeverityBadge level={severityOfScore(advisory.maxScore)} score={advisory.maxScore} /> : null}
          {kev ? <KevBadge count={kev} /> : null}
        </span>
      </div>
      <p className="advisory-sub muted">
        <code className="tracking-id">{advisory.trackingId}</code> · {advisory.publisher} · version {advisory.version} · released{' '}
        <CalendarDate value={utcDay(advisory.currentReleaseDate)} />
      </p>
      {advisory.summary ? <p className="lead prewrap">{advisory.summary}</p> : null}
      <MyMatchesPanel matches={advisory.myMatches} me={me} />
      <Facts advisory={advisory} />
      <VulnerabilitiesSection advisory={advisory} />
      <ProductsSection advisory={advisory} />
      <RemediationsSection advisory={advisory} />
      <AdvisoryNotes notes={advisory.notes} summary={advisory.summary} />
      <SourcesSection advisory={advisory} />
      <RevisionsSection advisory={advisory} />
    </>
  );
}

/** The advisory page. */
export function AdvisoryPage() {
  const id = useParams().id ?? '';
  const advisory = useAdvisory(id);
  const me = useOptionalMe();
  usePageTitle(advisory.data ? `${advisory.data.trackingId} ${advisory.data.title}` : 'Advisory');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/advisories">Advisories</Link>
      </p>
      <QueryView
        query={advisory}
        what="the advisory"
        notFound={
          me
            ? 'There is no such advisory, or it is not shared with your organisation.'
            : 'There is no such public advisory. Members sign in to see the advisories shared with them.'
        }
      >
        {(a) => <AdvisoryView advisory={a} />}
      </QueryView>
    </div>
  );
}
