// The findings of one SBOM: KEV first, then severity; a row opens the VEX decision panel.
import { useState } from 'react';
import { useSbomFindings, type FindingStatusFilter } from '../../api/findings.ts';
import type { Finding } from '../../api/types.ts';
import { SelectField } from '../../components/fields.tsx';
import { InfoBox } from '../../components/messages.tsx';
import { PagedQueryView } from '../../components/pager.tsx';
import { FindingDialog } from './finding-dialog.tsx';
import { FindingsTable } from './findings-table.tsx';

const PAGE = 50;

/** The "Findings" tab of an SBOM page (the manufacturer's own people only). */
export function FindingsSection({ sbomId, canDecide }: { sbomId: string; canDecide: boolean }) {
  const [status, setStatus] = useState<FindingStatusFilter>('open');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Finding | null>(null);
  const findings = useSbomFindings(sbomId, status, PAGE, offset);
  return (
    <section aria-labelledby="findings-title" className="stack">
      <div className="panel-head">
        <h2 id="findings-title">Findings</h2>
        <SelectField
          label="Show"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as FindingStatusFilter);
            setOffset(0);
          }}
        >
          <option value="open">Current matches</option>
          <option value="closed">No longer matching</option>
          <option value="all">All findings</option>
        </SelectField>
      </div>
      <InfoBox title="Confidential: visible only to your organisation.">
        Findings and VEX decisions are never shown to other members, whatever the product’s visibility. Known exploited vulnerabilities
        (KEV) come first, then by severity. Select a finding to record whether the product is affected; the open counts leave out findings
        already decided (not affected, false positive, resolved).
      </InfoBox>
      <PagedQueryView
        query={findings}
        what="findings"
        offset={offset}
        limit={PAGE}
        onOffset={setOffset}
        empty={
          status === 'open'
            ? 'No findings. Findings appear when the loaded vulnerability data matches a component of this SBOM.'
            : 'No findings to show.'
        }
      >
        {(items) => <FindingsTable items={items} selectedId={selected?.id} onOpen={setSelected} />}
      </PagedQueryView>
      {selected ? <FindingDialog key={selected.id} finding={selected} canDecide={canDecide} onClose={() => setSelected(null)} /> : null}
    </section>
  );
}
