// My organisation: who accepted which participant agreement version, when and from where (evidence).
import { useAgreementAcceptances } from '../../api/people.ts';
import { DateTime } from '../../components/date-time.tsx';
import { QueryView } from '../../components/query-view.tsx';

/** The agreement acceptance evidence table. */
export function AgreementsSection({ orgId }: { orgId: string }) {
  const acceptances = useAgreementAcceptances(orgId);
  return (
    <section className="panel" aria-labelledby="agreements-title">
      <h2 id="agreements-title">Participant agreement acceptances</h2>
      <p className="hint">
        Evidence of who in the organisation accepted the participant agreement, kept for regulatory review (for example FDA postmarket
        cybersecurity expectations for ISAO participation).
      </p>
      <QueryView query={acceptances} what="agreement acceptances">
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">No acceptances recorded.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Version</th>
                    <th scope="col">Accepted</th>
                    <th scope="col">IP address</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((item) => (
                    <tr key={item.id}>
                      <td>{item.personName}</td>
                      <td>{item.version}</td>
                      <td>
                        <DateTime value={item.acceptedAt} />
                      </td>
                      <td>{item.ip ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </section>
  );
}
