// What became of each statement of an imported VEX file: applied, no matching finding, another product, not supported.
import type { VexImportItem, VexImportResult } from '../../api/vex.ts';
import { vexFormatLabels } from '../../api/vex.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SuccessMessage } from '../../components/messages.tsx';
import { vexStateLabels } from '../../lib/portfolio-labels.ts';

const SHOWN = 200;

const outcomes: Record<VexImportItem['outcome'], { label: string; tone: string }> = {
  applied: { label: 'Applied', tone: 'pill-ok' },
  no_matching_finding: { label: 'No matching finding', tone: 'pill-off' },
  other_product: { label: 'Another product', tone: 'pill-off' },
  unsupported: { label: 'Not supported', tone: 'pill-warn' },
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The summary line and the table of statements of one import. */
export function VexImportReport({ result }: { result: VexImportResult }) {
  const c = result.counts;
  const parts = [
    `${c.applied} applied`,
    c.no_matching_finding ? `${c.no_matching_finding} without a matching finding` : null,
    c.other_product ? `${c.other_product} about another product or version` : null,
    c.unsupported ? `${c.unsupported} not supported` : null,
  ].filter(Boolean);
  const items = result.items.slice(0, SHOWN);
  return (
    <div className="stack">
      <SuccessMessage>
        <div>
          <strong className="banner-title">
            {vexFormatLabels[result.format]} VEX imported: {plural(c.findingsChanged, 'finding')} changed.
          </strong>
          <span>
            {plural(c.statements, 'statement')}: {parts.join(', ')}.{result.documentId ? ' Document ' : ''}
            {result.documentId ? <code>{result.documentId}</code> : null}
          </span>
        </div>
      </SuccessMessage>
      <DataTable
        items={items}
        headers={['Statement', 'Vulnerability', 'About', 'Stated', 'Outcome']}
        rowKey={(i) => i.place}
        empty="The document made no statement."
        row={(i) => (
          <>
            <td>
              <code className="small">{i.place}</code>
            </td>
            <td>{i.vulnerability}</td>
            <td className="vex-target">{i.target}</td>
            <td>{i.state ? vexStateLabels[i.state].label : <span className="muted">—</span>}</td>
            <td>
              <span className={`pill ${outcomes[i.outcome].tone}`}>{outcomes[i.outcome].label}</span>
              {i.outcome === 'applied' ? <span className="muted small"> {plural(i.findings, 'finding')}</span> : null}
              {i.reason ? <p className="small muted vex-reason">{i.reason}</p> : null}
            </td>
          </>
        )}
      />
      {result.items.length > SHOWN ? <p className="small muted">… and {result.items.length - SHOWN} more statements.</p> : null}
    </div>
  );
}
