// Account security: where I am signed in, with revoke.
import { useRevokeSession, useSessions } from '../../api/account.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { RevokeButton } from '../../components/revoke-button.tsx';

/** A short, readable name for a browser's user-agent string. */
export function describeAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : /curl|python|node/i.test(userAgent)
            ? 'Script or API client'
            : 'Browser';
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

/** The sessions table. */
export function SessionsSection() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <p className="hint">If you see a session you do not recognise, revoke it and change your password.</p>
      <ErrorBanner title="The session was not revoked." error={revoke.error} />
      <QueryView query={sessions} what="sessions">
        {(data) => (
          <DataTable
            items={data.items}
            headers={['Device', 'IP address', 'Signed in', 'Last active', 'Expires']}
            actions
            rowKey={(session) => session.id}
            rowClassName={(session) => (session.current ? 'row-current' : undefined)}
            empty="No active sessions."
            row={(session) => (
              <>
                <td title={session.userAgent ?? undefined}>
                  {describeAgent(session.userAgent)}
                  {session.current ? <span className="pill pill-ok">This session</span> : null}
                </td>
                <td>{session.ip ?? '—'}</td>
                <td>
                  <DateTime value={session.createdAt} />
                </td>
                <td>
                  <DateTime value={session.lastSeenAt} />
                </td>
                <td>
                  <DateTime value={session.expiresAt} />
                </td>
                <td className="cell-actions">
                  {session.current ? (
                    <span className="muted">Use “Sign out”</span>
                  ) : (
                    <RevokeButton
                      what={`session ${describeAgent(session.userAgent)} from ${session.ip ?? 'unknown IP'}`}
                      onRevoke={() => revoke.mutate(session.id)}
                      disabled={revoke.isPending}
                    />
                  )}
                </td>
              </>
            )}
          />
        )}
      </QueryView>
    </section>
  );
}
