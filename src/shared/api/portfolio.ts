import { z } from 'zod';
import { Name, Text, Timestamp, Uuid } from './common.ts';

/** Products, versions, SBOMs and findings: the API of the manufacturer's portfolio (issue 4). */

export const productVisibilities = ['own_org', 'members', 'public'] as const;
export const ProductVisibility = z.enum(productVisibilities);
export const vexStates = ['in_triage', 'exploitable', 'not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree'] as const;
export const VexState = z.enum(vexStates);
/** CycloneDX impact-analysis justifications (for not_affected). */
export const vexJustifications = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;
export const VexJustification = z.enum(vexJustifications);
export const vexResponses = ['can_not_fix', 'will_not_fix', 'update', 'rollback', 'workaround_available'] as const;
export const VexResponse = z.enum(vexResponses);
export const severityLevels = ['critical', 'high', 'medium', 'low', 'none'] as const;

const DateOnly = z.iso.date();

export const CreateProductBody = z.strictObject({
  name: Name,
  model: Text(200).trim().optional(),
  udiDi: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9+\-./ ()]{1,60}$/,
      'a UDI device identifier (GS1, HIBCC, ICCBBA or IFA: letters, digits, + - . / and the GS1 (01) prefix)',
    )
    .optional(),
  description: Text(5000).optional(),
  visibility: ProductVisibility.default('own_org'),
});
export const UpdateProductBody = CreateProductBody.partial()
  .extend({ udiDi: z.union([CreateProductBody.shape.udiDi.unwrap(), z.literal('')]).optional() })
  .strict();

export const CreateVersionBody = z.strictObject({
  version: z.string().trim().min(1).max(100),
  releaseDate: DateOnly.optional(),
  endOfSupport: DateOnly.optional(),
});

export const SeverityCounts = z.strictObject({
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  none: z.number().int(),
  unrated: z.number().int(),
});

export const FindingCounts = z.strictObject({ open: z.number().int(), kev: z.number().int(), bySeverity: SeverityCounts });

export const SbomSummary = z.strictObject({
  id: Uuid,
  fileName: z.string().nullable(),
  format: z.string(),
  specVersion: z.string(),
  encoding: z.string(),
  componentCount: z.number().int(),
  verdict: z.string(),
  uploadedAt: Timestamp,
});

export const ProductVersion = z.strictObject({
  id: Uuid,
  version: z.string(),
  releaseDate: z.string().nullable(),
  endOfSupport: z.string().nullable(),
  sbom: SbomSummary.nullable(),
  /** Only for the manufacturer's own people: findings are never shown outside the organisation. */
  findings: FindingCounts.nullable(),
});

export const Product = z.strictObject({
  id: Uuid,
  name: z.string(),
  model: z.string().nullable(),
  udiDi: z.string().nullable(),
  description: z.string(),
  visibility: ProductVisibility,
  owner: z.strictObject({ orgId: Uuid, orgName: z.string() }),
  canManage: z.boolean(),
  createdAt: Timestamp,
  versions: z.array(ProductVersion),
});

export const ProductListItem = Product.omit({ versions: true }).extend({
  versionCount: z.number().int(),
  findings: FindingCounts.nullable(),
});
export const ProductList = z.strictObject({ items: z.array(ProductListItem) });

const Coverage = z.strictObject({ present: z.number().int(), missing: z.number().int(), percent: z.number() });
const Check = z.strictObject({ ok: z.boolean(), detail: z.string() });
const Gap = z.strictObject({ ref: z.string(), name: z.string(), missing: z.array(z.string()) });

/** The NTIA minimum-elements report (the list of incomplete components is paged through the components route). */
export const SbomQualityReport = z.strictObject({
  verdict: z.enum(['meets-minimum-elements', 'partial', 'insufficient']),
  summary: z.string(),
  document: z.strictObject({ author: Check, timestamp: Check, dependencies: Check }),
  componentCount: z.number().int(),
  elements: z.strictObject({ supplier: Coverage, name: Coverage, version: Coverage, uniqueIdentifier: Coverage }),
  identifiers: z.strictObject({ purl: z.number().int(), cpe: z.number().int(), hash: z.number().int(), none: z.number().int() }),
  complete: Coverage,
  dependencyEntries: Coverage,
  subject: Gap.optional(),
});

export const SbomDetail = z.strictObject({
  id: Uuid,
  productId: Uuid,
  productVersionId: Uuid,
  fileName: z.string().nullable(),
  sha256: z.string(),
  byteSize: z.number().int(),
  format: z.string(),
  specVersion: z.string(),
  encoding: z.string(),
  documentId: z.string().nullable(),
  name: z.string().nullable(),
  authors: z.array(z.string()),
  timestamp: z.string().nullable(),
  componentCount: z.number().int(),
  warnings: z.array(z.string()),
  isCurrent: z.boolean(),
  uploadedAt: Timestamp,
  quality: SbomQualityReport,
  /** Only for the manufacturer's own people. */
  findings: FindingCounts.nullable(),
  /** True when the same file was uploaded before for this version: nothing changed. */
  duplicate: z.boolean(),
});

export const componentSorts = ['name', 'version', 'supplier'] as const;
export const ComponentQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  sort: z.enum(componentSorts).default('name'),
  q: z.string().trim().max(200).optional(),
  incomplete: z.enum(['true', 'false']).optional(),
});
export const Component = z.strictObject({
  /** The component's position in its SBOM (0-based): its identity within the SBOM. */
  position: z.number().int(),
  ref: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  group: z.string().nullable(),
  purl: z.string().nullable(),
  cpe: z.string().nullable(),
  supplier: z.string().nullable(),
  kind: z.string().nullable(),
  missing: z.array(z.string()),
});
export const ComponentPage = z.strictObject({ items: z.array(Component), total: z.number().int() });

export const FindingQuery = z.strictObject({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export const Finding = z.strictObject({
  id: Uuid,
  sbomId: Uuid,
  component: z.strictObject({ name: z.string(), version: z.string().nullable(), purl: z.string().nullable(), cpe: z.string().nullable() }),
  vulnerability: z.strictObject({ id: z.string(), aliases: z.array(z.string()), related: z.array(z.string()) }),
  summary: z.string().nullable(),
  fixed: z.array(z.string()),
  kev: z.boolean(),
  epss: z.number().nullable(),
  severity: z.strictObject({ level: z.enum(severityLevels), score: z.number().nullable(), vector: z.string().nullable() }).nullable(),
  matchedBy: z.enum(['purl', 'cpe']),
  status: z.enum(['open', 'closed']),
  closedReason: z.string().nullable(),
  state: VexState,
  justification: VexJustification.nullable(),
  responses: z.array(VexResponse),
  detail: z.string().nullable(),
  openedAt: Timestamp,
  updatedAt: Timestamp,
});
export const FindingPage = z.strictObject({ items: z.array(Finding), total: z.number().int() });

/** A VEX decision on a finding: not_affected needs a justification; every decision needs a reason people can read. */
export const UpdateFindingBody = z
  .strictObject({
    state: VexState,
    justification: VexJustification.optional(),
    responses: z.array(VexResponse).max(5).optional(),
    detail: z.string().trim().min(1, 'say why, in a sentence').max(5000),
  })
  .refine((b) => b.state !== 'not_affected' || b.justification !== undefined, {
    message: 'not_affected needs a justification',
    path: ['justification'],
  });

export const FindingEvent = z.strictObject({
  at: Timestamp,
  kind: z.string(),
  actorName: z.string().nullable(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  justification: z.string().nullable(),
  detail: z.string().nullable(),
});
export const FindingHistory = z.strictObject({ items: z.array(FindingEvent) });

export const VulnDbStatus = z.strictObject({
  records: z.number().int(),
  withdrawn: z.number().int(),
  byFeed: z.record(z.string(), z.number().int()),
  newestModified: z.string().nullable(),
  kev: z.strictObject({ entries: z.number().int(), catalogVersion: z.string().nullable() }),
  epss: z.strictObject({ scores: z.number().int(), scoreDate: z.string().nullable() }),
  lastImports: z.array(
    z.strictObject({
      source: z.string(),
      startedAt: Timestamp,
      finishedAt: z.string().nullable(),
      files: z.number().int(),
      added: z.number().int(),
      replaced: z.number().int(),
      unchanged: z.number().int(),
      withdrawn: z.number().int(),
      findingsOpened: z.number().int(),
      findingsClosed: z.number().int(),
      problems: z.number().int(),
    }),
  ),
});

const DiffComponent = z.strictObject({
  name: z.string(),
  group: z.string().nullable(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
});
const DiffSide = z.strictObject({ id: Uuid, productVersionId: Uuid, componentCount: z.number().int() });

/** What changed between two SBOMs: added, removed and changed (other version) packages. */
export const SbomDiff = z.strictObject({
  from: DiffSide,
  to: DiffSide,
  counts: z.strictObject({ added: z.number().int(), removed: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
  added: z.array(DiffComponent),
  removed: z.array(DiffComponent),
  changed: z.array(z.strictObject({ name: z.string(), group: z.string().nullable(), from: z.array(z.string()), to: z.array(z.string()) })),
  /** More than 5,000 entries in a list: the lists are cut, the counts are complete. */
  truncated: z.boolean(),
});
export const SbomDiffParams = z.strictObject({ id: Uuid, otherId: Uuid });

export const VulnerabilityParams = z.strictObject({
  id: z
    .string()
    .trim()
    .min(3)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'a vulnerability id like CVE-2021-44228 or GHSA-…'),
});

/** A vulnerability from the loaded data, and which of my organisation's product versions have it. */
export const Vulnerability = z.strictObject({
  id: z.string(),
  aliases: z.array(z.string()),
  related: z.array(z.string()),
  summary: z.string().nullable(),
  severity: z.strictObject({ level: z.enum(severityLevels), score: z.number().nullable(), vector: z.string().nullable() }).nullable(),
  published: z.string().nullable(),
  modified: z.string().nullable(),
  withdrawn: z.string().nullable(),
  cwes: z.array(z.string()),
  kev: z.array(
    z.strictObject({
      cveId: z.string(),
      dateAdded: z.string().nullable(),
      dueDate: z.string().nullable(),
      requiredAction: z.string().nullable(),
    }),
  ),
  epss: z.strictObject({ cveId: z.string(), epss: z.number(), percentile: z.number() }).nullable(),
  records: z.array(
    z.strictObject({
      id: z.string(),
      feed: z.string(),
      affected: z.array(
        z.strictObject({ ecosystem: z.string(), name: z.string(), ranges: z.array(z.string()), versions: z.array(z.string()) }),
      ),
      cpes: z.array(z.string()),
    }),
  ),
  myProducts: z.array(
    z.strictObject({
      findingId: Uuid,
      productId: Uuid,
      productName: z.string(),
      versionId: Uuid,
      version: z.string(),
      sbomId: Uuid,
      component: z.strictObject({
        name: z.string(),
        version: z.string().nullable(),
        purl: z.string().nullable(),
        cpe: z.string().nullable(),
      }),
      state: VexState,
      status: z.enum(['open', 'closed']),
      fixed: z.array(z.string()),
    }),
  ),
});
