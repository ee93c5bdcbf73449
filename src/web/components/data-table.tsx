// The tables of the web UI: a header row, one row per item, an empty message instead of an empty table.
import type { ReactNode } from 'react';

/**
 * The frame of a table: its header row (one column per header, and a last, visually hidden `actionsLabel` column when set)
 * and the body rows given as children.
 */
export function TableFrame({
  headers,
  actionsLabel,
  className,
  children,
}: {
  headers: readonly string[];
  actionsLabel?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className}>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            {actionsLabel ? (
              <th scope="col">
                <span className="visually-hidden">{actionsLabel}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A table of items; `row` returns the cells (<td>s) of one item. A last, unlabelled column holds actions when `actions` is set. */
export function DataTable<T>({
  items,
  headers,
  row,
  rowKey,
  empty,
  actions = false,
  rowClassName,
}: {
  items: readonly T[];
  headers: readonly string[];
  row: (item: T) => ReactNode;
  rowKey: (item: T) => string;
  empty: string;
  actions?: boolean;
  rowClassName?: (item: T) => string | undefined;
}) {
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <TableFrame headers={headers} actionsLabel={actions ? 'Actions' : undefined}>
      {items.map((item) => (
        <tr key={rowKey(item)} className={rowClassName?.(item)}>
          {row(item)}
        </tr>
      ))}
    </TableFrame>
  );
}
