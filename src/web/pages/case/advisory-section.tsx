// The case's advisory (ISAO staff only): the draft's form with the CSAF checks next to it — refreshed after saving and
// whenever the case changes — who is credited, the CSAF document as it would be published, and publishing.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { CaseDetail } from '../../api/cases.ts';
import { type AdvisoryDraft, advisoryDraftKey, useAdvisoryDraft, useSaveDraft } from '../../api/publishing.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { AdvisoryForm, type DraftValues, differs, valuesOf } from './advisory-form.tsx';
import { PublishPanel, PublishedBox } from './advisory-publish.tsx';
import { ValidationPanel } from './advisory-validation.tsx';

/** Changes whenever the case changes in a way the advisory reflects (every change writes a change-log entry). */
function caseVersion(detail: CaseDetail): string {
  const last = detail.events.reduce((n, e) => Math.max(n, e.position), 0);
  return `${last}|${detail.updatedAt}`;
}

function Preview({ draft }: { draft: AdvisoryDraft }) {
  const text = JSON.stringify(draft.preview, null, 2);
  return (
    <details className="advisory-preview">
      <summary>The CSAF document as it would be published now (JSON)</summary>
      <div className="details-body">
        <div className="actions">
          <CopyButton text={text} label="Copy the JSON" />
          <span className="hint">
            {draft.trackingId} · {text.length.toLocaleString()} characters
          </span>
        </div>
        <pre className="csaf-json" tabIndex={0} aria-label="CSAF document">
          {text}
        </pre>
      </div>
    </details>
  );
}

function Workbench({ detail, draft }: { detail: CaseDetail; draft: AdvisoryDraft }) {
  const save = useSaveDraft(detail.id);
  const [values, setValues] = useState<DraftValues>(() => valuesOf(draft));
  const [justSaved, setJustSaved] = useState(false);
  const dirty = differs(values, draft);
  return (
    <>
      {draft.published ? <PublishedBox published={draft.published} tlp={draft.tlp} /> : null}
      <div className="advisory-work">
        <AdvisoryForm
          draft={draft}
          values={values}
          onChange={(v) => {
            setJustSaved(false);
            setValues(v);
          }}
          onSave={(body) =>
            save.mutate(body, {
              onSuccess: (answer) => {
                setValues(valuesOf(answer));
                setJustSaved(true);
              },
            })
          }
          saving={save.isPending}
          error={save.error}
          justSaved={justSaved}
        />
        <ValidationPanel draft={draft} dirty={dirty} creditReporter={values.creditReporter} />
      </div>
      <Preview draft={draft} />
      <PublishPanel draft={draft} dirty={dirty} vulnerabilities={detail.vulnerabilities.length} />
    </>
  );
}

/** The "Advisory" panel. */
export function AdvisorySection({ detail }: { detail: CaseDetail }) {
  const draft = useAdvisoryDraft(detail.id);
  const queryClient = useQueryClient();
  const version = caseVersion(detail);
  const shown = useRef(version);
  // The case changed (a vulnerability, a statement, a vendor): what publishing would produce changed too.
  useEffect(() => {
    if (shown.current === version) return;
    shown.current = version;
    void queryClient.invalidateQueries({ queryKey: advisoryDraftKey(detail.id) });
  }, [version, detail.id, queryClient]);
  const published = draft.data?.published;
  return (
    <section className="panel case-advisory" id="case-advisory" aria-labelledby="case-advisory-title">
      <div className="panel-head">
        <h2 id="case-advisory-title">Advisory</h2>
        {draft.data ? (
          <span className="advisory-status">
            <code className="ident">{draft.data.trackingId}</code>{' '}
            {published ? (
              <span className="pill pill-ok">Version {published.version} published</span>
            ) : (
              <span className="pill pill-off">Not published</span>
            )}
          </span>
        ) : null}
      </div>
      <p className="hint">
        The CSAF 2.0 security advisory (or VEX document) the ISAO publishes for this case, built from its vulnerabilities and the vendors’
        statements. Only ISAO staff see this part; vendors read the advisory once it is published.
      </p>
      <QueryView query={draft} what="the advisory draft">
        {(d) => <Workbench detail={detail} draft={d} />}
      </QueryView>
    </section>
  );
}
