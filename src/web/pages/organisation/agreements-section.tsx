// My organisation: who accepted which participant agreement version, when and from where (evidence).
import { useAgreementAcceptances } from '../../api/people.ts';
import { DataTable } from '../../components/data-table.tsx';
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
        {(data) => (
          <DataTable
            items={data.items}
            headers={['Person', 'Version', 'Accepted', 'IP address']}
            rowKey={(item) => item.id}
            empty="No acceptances recorded."
            row={(item) => (
              <>
                <td>{item.personName}</td>
                <td>{item.version}</td>
                <td>
                  <DateTime value={item.acceptedAt} />
                </td>
                <td>{item.ip ?? '—'}</td>
              </>
            )}
          />
        )}
      </QueryView>
    </section>
  );
}
