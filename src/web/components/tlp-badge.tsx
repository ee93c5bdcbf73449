// The TLP 2.0 label as a coloured badge; the label text ("TLP:AMBER+STRICT") is always shown.
import type { Tlp } from '../../shared/vocabulary.ts';
import { tlpDescriptions } from '../../shared/tlp.ts';

const tlpClass: Record<Tlp, string> = {
  CLEAR: 'tlp-clear',
  GREEN: 'tlp-green',
  AMBER: 'tlp-amber',
  'AMBER+STRICT': 'tlp-amber-strict',
  RED: 'tlp-red',
};

/** A TLP badge whose tooltip explains what the label allows. */
export function TlpBadge({ tlp }: { tlp: Tlp }) {
  return (
    <span className={`tlp ${tlpClass[tlp]}`} title={tlpDescriptions[tlp]}>
      TLP:{tlp}
    </span>
  );
}
