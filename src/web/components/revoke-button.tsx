// The small "Revoke" button of sessions, tokens and invitations tables.

/** Revokes one row; `what` names the row for screen readers ("token CI export"). */
export function RevokeButton({ what, onRevoke, disabled }: { what: string; onRevoke: () => void; disabled: boolean }) {
  return (
    <button
      type="button"
      className="button button-small button-danger-outline"
      onClick={onRevoke}
      disabled={disabled}
      aria-label={`Revoke ${what}`}
    >
      Revoke
    </button>
  );
}
