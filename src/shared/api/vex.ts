import { z } from 'zod';
import { VexState } from './portfolio.ts';

/** VEX export and import of a product version's findings (issue 4). */

/** The export formats: CycloneDX 1.5 VEX, OpenVEX 0.2.0, CSAF 2.0 csaf_vex. */
export const vexFormats = ['cyclonedx', 'openvex', 'csaf'] as const;
/** One of the export formats. */
export const VexFormat = z.enum(vexFormats);

/** Query of the export: the format (CycloneDX by default). */
export const VexExportQuery = z.strictObject({ format: VexFormat.default('cyclonedx') });

/** A VEX document (CycloneDX 1.5 VEX, OpenVEX 0.2.0 or CSAF 2.0 csaf_vex): its shape is the format's own. */
export const VexDocument = z.looseObject({});

/** Query of the import: the file's name, for the report and the audit log. */
export const VexImportQuery = z.strictObject({ fileName: z.string().trim().min(1).max(255).optional() });

/** What became of one statement of an imported document. */
export const vexOutcomes = ['applied', 'no_matching_finding', 'other_product', 'unsupported'] as const;

/** One statement of an imported document and its outcome. */
export const VexImportItem = z.strictObject({
  /** Where the statement is in the document, e.g. "statements[2]" or "vulnerabilities[0].product_status.fixed[1]". */
  place: z.string(),
  vulnerability: z.string(),
  /** What the statement names: the product, a component (purl, CPE, name@version), or both. */
  target: z.string(),
  /** The finding state the statement stands for (null when it has none the platform records). */
  state: VexState.nullable(),
  outcome: z.enum(vexOutcomes),
  /** Findings the statement set (0 unless applied). */
  findings: z.number().int(),
  reason: z.string().nullable(),
});

/** The answer of an import: counts and one item per statement. */
export const VexImportResult = z.strictObject({
  format: VexFormat,
  documentId: z.string().nullable(),
  counts: z.strictObject({
    statements: z.number().int(),
    applied: z.number().int(),
    no_matching_finding: z.number().int(),
    other_product: z.number().int(),
    unsupported: z.number().int(),
    /** Findings whose decision changed (a finding already in the stated decision is left as it is). */
    findingsChanged: z.number().int(),
  }),
  items: z.array(VexImportItem),
});
