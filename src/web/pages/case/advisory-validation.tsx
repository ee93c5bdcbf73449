// The validator's verdict on the advisory publishing would produce now: ready, or each failing test with its id, what
// it means and what to do (for the common ones), and every message with its JSON path. Also who will be credited.
import type { AdvisoryDraft } from '../../api/publishing.ts';
import { type FailingTest, adviceFor, failingTests, testKind, testSection } from './advisory-checks.ts';

/** The failing tests, one block each. */
export function FailingTestList({ tests }: { tests: FailingTest[] }) {
  return (
    <ul className="csaf-failures">
      {tests.map((t) => {
        const advice = adviceFor(t.name);
        return (
          <li key={t.name} className="csaf-failure">
            <div className="csaf-failure-head">
              <code className="csaf-test-id" title={t.name}>
                {testSection(t.name)}
              </code>
              {advice ? <strong>{advice.title}</strong> : null}
              <span className="muted small">{testKind(t.name)}</span>
            </div>
            {advice ? <p className="csaf-advice">{advice.action}</p> : null}
            {t.messages.length ? (
              <ul className="csaf-messages">
                {t.messages.slice(0, 20).map((m, i) => (
                  <li key={`${m.instancePath}-${i}`}>
                    {m.message} <span className="muted small">at</span> <code className="csaf-path">{m.instancePath || '/'}</code>
                  </li>
                ))}
                {t.messages.length > 20 ? <li className="muted">… and {t.messages.length - 20} more.</li> : null}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Credits({ draft, creditReporter }: { draft: AdvisoryDraft; creditReporter: boolean }) {
  let text: string;
  if (creditReporter !== draft.creditReporter) text = 'Save the draft to see who will be credited.';
  else if (!draft.creditReporter) text = 'No one: crediting the reporter is switched off.';
  else if (draft.credits.length === 0) text = 'No one: no reporter of this case agreed to be named.';
  else text = draft.credits.join(', ');
  return (
    <div className="advisory-credits">
      <h3>Credited in the advisory</h3>
      <p className={draft.credits.length && creditReporter === draft.creditReporter ? undefined : 'muted'}>{text}</p>
    </div>
  );
}

/** The "CSAF checks" box next to the form. */
export function ValidationPanel({ draft, dirty, creditReporter }: { draft: AdvisoryDraft; dirty: boolean; creditReporter: boolean }) {
  const failing = failingTests(draft.validation);
  return (
    <section className="advisory-checks" aria-labelledby="advisory-checks-title">
      <h3 id="advisory-checks-title">CSAF checks</h3>
      {failing.length === 0 ? (
        <>
          <p className="csaf-verdict csaf-verdict-ok">
            <span aria-hidden="true">✓ </span>
            {draft.published ? `Ready to publish revision ${Number(draft.published.version) + 1}` : 'Ready to publish'}
          </p>
          <p className="hint">Passes all {draft.validation.tests} mandatory and optional tests of CSAF 2.0.</p>
        </>
      ) : (
        <>
          <p className="csaf-verdict csaf-verdict-bad">
            {failing.length} {failing.length === 1 ? 'test fails' : 'tests fail'}
          </p>
          <p className="hint">
            The advisory is published only when every mandatory and optional test of CSAF 2.0 passes ({draft.validation.tests} tests).
          </p>
          <FailingTestList tests={failing} />
        </>
      )}
      {dirty ? <p className="hint advisory-stale">These results are for the saved draft: save to check your changes.</p> : null}
      <Credits draft={draft} creditReporter={creditReporter} />
    </section>
  );
}
