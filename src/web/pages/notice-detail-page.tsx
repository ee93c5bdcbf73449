// /notices/:id: one notice in full, its handling rules, recipients (for the contributor) and contributor reveal.
import { Link, useParams } from 'react-router-dom';
import { tlpDescriptions } from '../../shared/tlp.ts';
import { audienceLabels } from '../../shared/vocabulary.ts';
import { useNotice, useRevealContributor } from '../api/notices.ts';
import { useOrganisations } from '../api/organisations.ts';
import type { Notice } from '../api/types.ts';
import { DateTime } from '../components/date-time.tsx';
import { useCurrentMe } from '../components/me-context.tsx';
import { ErrorBanner, InfoBox } from '../components/messages.tsx';
import { contributorText } from '../components/notice-list.tsx';
import { QueryView } from '../components/query-view.tsx';
import { TlpBadge } from '../components/tlp-badge.tsx';
import { hasAnyRole } from '../lib/roles.ts';
import { isPast } from '../lib/time.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

/** Platform admins may reveal who shared an anonymous notice; the look is audited. */
function RevealContributor({ notice }: { notice: Notice }) {
  const reveal = useRevealContributor(notice.id);
  if (reveal.data) {
    return (
      <div className="panel panel-warning" role="status">
        <h2>Contributor</h2>
        <p>
          {reveal.data.personName} ({reveal.data.personEmail}) of {reveal.data.orgName}. This look was recorded in the audit log.
        </p>
      </div>
    );
  }
  return (
    <div className="panel panel-warning">
      <h2>Anonymous contributor</h2>
      <p>
        Revealing who shared this notice is recorded in the audit log with your name. Do it only when the ISAO needs to contact the
        contributor.
      </p>
      <ErrorBanner error={reveal.error} />
      <button type="button" className="button button-danger" onClick={() => reveal.mutate()} disabled={reveal.isPending}>
        Reveal contributor
      </button>
    </div>
  );
}

/** Names of the recipient organisations, when the contributor's organisation reads its own notice. */
function Recipients({ notice }: { notice: Notice }) {
  const organisations = useOrganisations();
  if (!notice.recipients) return null;
  const names = new Map((organisations.data?.items ?? []).map((org) => [org.id, org.name]));
  const { orgIds, personIds, groupId } = notice.recipients;
  if (!orgIds.length && !personIds.length && !groupId) return null;
  return (
    <section className="panel" aria-labelledby="recipients-title">
      <h2 id="recipients-title">Recipients (visible to your organisation only)</h2>
      <ul>
        {orgIds.map((id) => (
          <li key={id}>{names.get(id) ?? `Organisation ${id.slice(0, 8)}`}</li>
        ))}
        {personIds.length ? (
          <li>
            {personIds.length} named {personIds.length === 1 ? 'person' : 'people'}
          </li>
        ) : null}
        {groupId ? <li>A sharing group ({groupId.slice(0, 8)})</li> : null}
      </ul>
    </section>
  );
}

/** The notice detail page. */
export function NoticeDetailPage() {
  usePageTitle('Notice');
  const id = useParams().id ?? '';
  const me = useCurrentMe();
  const notice = useNotice(id);
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/notices">Notices</Link>
      </p>
      <QueryView query={notice} what="the notice">
        {(n) => (
          <article aria-labelledby="notice-title">
            <div className="notice-head">
              <TlpBadge tlp={n.tlp} />
              <h1 id="notice-title">{n.title}</h1>
            </div>
            <p className="tlp-rule">
              <strong>TLP:{n.tlp}</strong> — {tlpDescriptions[n.tlp]}
            </p>
            {n.embargoUntil && !isPast(n.embargoUntil) ? (
              <InfoBox title="Embargoed.">
                Do not act on or publish this before <DateTime value={n.embargoUntil} />.
              </InfoBox>
            ) : null}
            <dl className="details">
              <dt>Shared by</dt>
              <dd>{contributorText(n)}</dd>
              <dt>Shared on</dt>
              <dd>
                <DateTime value={n.createdAt} />
              </dd>
              <dt>Audience</dt>
              <dd>{n.tlp === 'RED' ? 'Named people only' : audienceLabels[n.audience]}</dd>
              {n.embargoUntil ? (
                <>
                  <dt>Embargo until</dt>
                  <dd>
                    <DateTime value={n.embargoUntil} />
                  </dd>
                </>
              ) : null}
            </dl>
            <div className="notice-body">{n.body || <span className="muted">No details.</span>}</div>
            <Recipients notice={n} />
            {n.anonymous && !n.contributor && hasAnyRole(me, ['platform_admin']) ? <RevealContributor notice={n} /> : null}
          </article>
        )}
      </QueryView>
    </div>
  );
}
