import { PlacedError } from '../../shared/placed-error.ts';

/** The source-independent vulnerability record every feed is normalised into (OSV is the model). */

/** One OSV range event. */
export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** A range of affected versions: ECOSYSTEM and SEMVER ranges are evaluated; GIT ranges are kept but cannot match a version. */
export interface AffectedRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  events: RangeEvent[];
}

/** One affected package of a record. */
export interface AffectedPackage {
  /** OSV ecosystem as written ("npm", "Maven", "Go", "Debian:12"). */
  ecosystem: string;
  name: string;
  purl?: string;
  ranges: AffectedRange[];
  /** Explicitly listed affected versions. */
  versions: string[];
}

/** A version statement of CVE JSON 5 (`version` alone, or a range up to `lessThan` / `lessThanOrEqual`). */
export interface CveVersionRange {
  version: string;
  lessThan?: string;
  lessThanOrEqual?: string;
  /** NVD versionStartExcluding: the lower bound itself is not affected. */
  startExcluded?: boolean;
  versionType?: string;
}

/** Products named by CPE (CVE 5 `cpes`, typically from the CISA-ADP container), with the affected versions. */
export interface AffectedCpe {
  cpes: string[];
  vendor?: string;
  product?: string;
  /** Affected versions; empty means the CPE's own version field decides. */
  versions: CveVersionRange[];
}

/** A severity statement: a CVSS vector (with its computed base score) or a label from the database. */
export interface SeverityStatement {
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'LABEL';
  /** The vector for CVSS types, the label (e.g. "HIGH") for LABEL. */
  value: string;
  /** Base score computed from the vector; undefined for labels and unreadable vectors. */
  score?: number;
}

/** A vulnerability record from any feed. */
export interface VulnRecord {
  id: string;
  aliases: string[];
  related: string[];
  /** RFC 3339; newer records replace older ones with the same id. */
  modified?: string;
  published?: string;
  /** Set when the record was withdrawn: it matches nothing. */
  withdrawn?: string;
  summary?: string;
  severity: SeverityStatement[];
  affected: AffectedPackage[];
  /** CPE-named products (components without purls: RTOS, TLS libraries, OS images). */
  affectedCpes: AffectedCpe[];
  cwes: string[];
  /** Which feed it came from. */
  feed: 'osv' | 'cve5' | 'nvd';
}

/** A feed record or file that cannot be read; `place` names where ("affected[0].ranges[1].type", "line 3"). */
export class VulnDataError extends PlacedError {}
