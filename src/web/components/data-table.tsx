// The tables of the web UI: a header row, one row per item, an empty message instead of an empty table.
import type { ReactNode } from 'react';

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
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            {actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={rowKey(item)} className={rowClassName?.(item)}>
              {row(item)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
