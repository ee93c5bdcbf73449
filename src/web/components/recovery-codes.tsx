// Shows freshly issued recovery codes once, with copy and an explicit "I have saved these" step.
import { CopyButton } from './copy-button.tsx';

/** The recovery codes panel; onDone is called when the person confirms they saved them. */
export function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="panel panel-warning" aria-labelledby="recovery-title">
      <h3 id="recovery-title">Save your recovery codes</h3>
      <p>
        Each code signs you in once if you lose your authenticator. They are shown <strong>only now</strong>: store them in a password
        manager or print them and keep them somewhere safe.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <CopyButton text={codes.join('\n')} label="Copy codes" />
        <button type="button" className="button button-primary" onClick={onDone}>
          I have saved these codes
        </button>
      </div>
    </div>
  );
}
