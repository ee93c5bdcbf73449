// /triage/:id (ISAO coordinators and platform admins): one report in full — everything the reporter sent, shown as
// text, never as HTML, the decrypted text of an OpenPGP-encrypted report included — its service-level targets, possible
// duplicates, the conversation with internal notes, files, and the decision.
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  type ReportDetail,
  encryptedOriginalUrl,
  reportFileUrl,
  uploadReportFile,
  useReport,
  useStoreReportDetail,
} from '../api/reports.ts';
import { DateTime } from '../components/date-time.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { Conversation } from './report/conversation.tsx';
import { CoordinatorComposer } from './report/coordinator-composer.tsx';
import { DecisionPanel } from './report/decision-panel.tsx';
import { formatFingerprint } from './report/encrypted-message.tsx';
import { FilesPanel } from './report/files-panel.tsx';
import { dueAt, statusLabels, statusPill, targetVerbs, triWords } from './report/report-labels.ts';
import { ReportMarkers } from './report/triage-table.tsx';

/** A block of the reporter's text, line breaks kept; "Not given" when empty. */
function Text({ title, value }: { title: string; value: string }) {
  return (
    <div className="report-text">
      <h3>{title}</h3>
      {value ? <div className="report-text-body">{value}</div> : <p className="muted">Not given.</p>}
    </div>
  );
}

/** The decrypted text of the report's encrypted message, the key that decrypted it, and the original to download. */
function EncryptedText({ report }: { report: ReportDetail }) {
  const encrypted = report.encryptedMessage;
  if (!encrypted) return null;
  return (
    <div className="report-text report-encrypted">
      <h3>
        Encrypted details <span className="pill pill-pgp pill-tight">arrived OpenPGP-encrypted</span>
      </h3>
      <div className="report-text-body">{encrypted.text}</div>
      <p className="small muted">
        Decrypted with the ISAO’s key <code>{formatFingerprint(encrypted.keyFingerprint)}</code> ·{' '}
        <a href={encryptedOriginalUrl(report.id)} download>
          Download the original message (.asc)
        </a>
      </p>
    </div>
  );
}

function Targets({ report }: { report: ReportDetail }) {
  const order = ['acknowledge', 'triage', 'vendor_contact'] as const;
  const nextIndex = report.sla.next ? order.indexOf(report.sla.next) : -1;
  const state = (i: number): ReactNode => {
    if (nextIndex === i) return report.sla.overdue ? <strong className="text-danger">overdue</strong> : <strong>next</strong>;
    if (i < nextIndex || (nextIndex === -1 && i < 2 && report.triagedAt)) return <span className="check-ok">done</span>;
    return null;
  };
  return (
    <ul className="sla-targets" aria-label="Service-level targets">
      {order.map((target, i) => (
        <li key={target} className={nextIndex === i ? (report.sla.overdue ? 'is-next is-overdue' : 'is-next') : undefined}>
          <span className="sla-name">{targetVerbs[target]} by</span> <DateTime value={dueAt(report.sla, target)} /> {state(i)}
        </li>
      ))}
    </ul>
  );
}

function ReportView({ report }: { report: ReportDetail }) {
  const store = useStoreReportDetail(report.id);
  return (
    <>
      <div className="title-row">
        <h1>{report.title}</h1>
        <span className={statusPill[report.status]}>{statusLabels[report.status]}</span>
      </div>
      <p className="muted report-sub">
        <span className="report-ref">{report.reference}</span> · received <DateTime value={report.receivedAt} />{' '}
        <ReportMarkers report={report} />
      </p>
      <section className="panel" aria-labelledby="sla-title">
        <h2 id="sla-title" className="visually-hidden">
          Service levels
        </h2>
        <Targets report={report} />
      </section>
      <div className="split">
        <div className="stack">
          <section className="panel" aria-labelledby="sent-title">
            <h2 id="sent-title">What the reporter sent</h2>
            <dl className="details">
              <dt>Manufacturer</dt>
              <dd>
                {report.vendorName}
                {report.vendorOrgId ? <span className="pill pill-tight pill-member">member of the ISAO</span> : null}
              </dd>
              <dt>Product</dt>
              <dd>
                {report.productName}
                {report.productId ? <span className="pill pill-tight pill-member">listed product</span> : null}
              </dd>
              <dt>Version</dt>
              <dd>{report.productVersion || <span className="muted">Not given</span>}</dd>
              <dt>Publicly known</dt>
              <dd>{triWords[report.publiclyKnown]}</dd>
              <dt>Exploited</dt>
              <dd>{triWords[report.exploited]}</dd>
            </dl>
            {report.description || !report.encryptedMessage ? <Text title="Description" value={report.description} /> : null}
            <EncryptedText report={report} />
            <Text title="Impact on patients" value={report.patientImpact} />
            <Text title="How it was found" value={report.howFound} />
            <Text title="Disclosure plans" value={report.disclosurePlans} />
          </section>
          <section className="panel" aria-labelledby="conversation-title">
            <h2 id="conversation-title">Conversation</h2>
            <Conversation
              messages={report.messages}
              viewer="coordinator"
              unread={report.unreadFromReporter}
              contactName={report.contact.name}
              originalUrl={(messageId) => encryptedOriginalUrl(report.id, messageId)}
            />
            <CoordinatorComposer report={report} />
          </section>
        </div>
        <div className="stack">
          <DecisionPanel report={report} />
          <section className="panel" aria-labelledby="reporter-title">
            <h2 id="reporter-title">Reporter</h2>
            <dl className="details">
              <dt>Name</dt>
              <dd>{report.contact.name || <span className="muted">Not given</span>}</dd>
              <dt>Email</dt>
              <dd>
                {report.contact.email ? (
                  <a href={`mailto:${report.contact.email}`}>{report.contact.email}</a>
                ) : (
                  <span className="muted">None: they follow the report only through the tracking link</span>
                )}
              </dd>
              <dt>Credit</dt>
              <dd>
                {report.credit.consent ? (
                  <>
                    Wants credit as <strong>{report.credit.name || report.contact.name || '(no name given)'}</strong>
                  </>
                ) : (
                  'No credit (stay anonymous)'
                )}
              </dd>
            </dl>
          </section>
          {report.possibleDuplicates.length ? (
            <section className="panel panel-warning" aria-labelledby="dups-title">
              <h2 id="dups-title">Possible duplicates</h2>
              <p className="small">Earlier reports on the same product with a similar text.</p>
              <ul className="plain-list">
                {report.possibleDuplicates.map((d) => (
                  <li key={d.id}>
                    <Link to={`/triage/${d.id}`}>{d.reference}</Link> {d.title}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <FilesPanel
            attachments={report.attachments}
            viewer="coordinator"
            canAdd
            upload={async (file, onProgress) => store(await uploadReportFile(report.id, file, onProgress))}
            download={{ href: (file) => reportFileUrl(report.id, file.id) }}
          />
        </div>
      </div>
    </>
  );
}

/** The report page of the triage. */
export function TriageReportPage() {
  const id = useParams().id ?? '';
  const report = useReport(id);
  usePageTitle(report.data ? `${report.data.reference} ${report.data.title}` : 'Vulnerability report');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/triage">Vulnerability reports</Link>
      </p>
      <QueryView query={report} what="the report" notFound="There is no such report.">
        {(r) => <ReportView report={r} />}
      </QueryView>
    </div>
  );
}
