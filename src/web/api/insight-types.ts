// TypeScript types of the portfolio insight routes (SBOM diff, vulnerability view), inferred from the shared zod schemas (type-only).
import type { z } from 'zod';
import type * as Portfolio from '../../shared/api/portfolio.ts';

/** Answer of GET /sboms/{id}/diff/{otherId}: added, removed and changed packages between two SBOMs. */
export type SbomDiff = z.infer<typeof Portfolio.SbomDiff>;
/** One added or removed package of a diff. */
export type DiffComponent = SbomDiff['added'][number];
/** One package whose versions differ between the two SBOMs. */
export type DiffChange = SbomDiff['changed'][number];
/** Answer of GET /vulnerabilities/{id}: the vulnerability and which of my organisation's product versions have it. */
export type Vulnerability = z.infer<typeof Portfolio.Vulnerability>;
/** One vulnerability record (an advisory of one feed) with its affected packages and CPEs. */
export type VulnerabilityRecord = Vulnerability['records'][number];
/** One affected package of a record: ecosystem, name, ranges and listed versions. */
export type AffectedPackage = VulnerabilityRecord['affected'][number];
/** One finding of this vulnerability on a current SBOM of my organisation. */
export type AffectedProductVersion = Vulnerability['myProducts'][number];
