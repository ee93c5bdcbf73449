/** SPDX relationships (2.x and 3.0) → dependency edges and the described package. */
import { DependencyGraph } from './dependency-graph.ts';
import type { SbomDependency } from './sbom.types.ts';

/** One relationship, type in SPDX 2 spelling ("DEPENDS_ON"); SPDX 3 types are converted ("dependsOn" → "DEPENDS_ON"). */
export interface SpdxRelation {
  from: string;
  type: string;
  to: string;
}

/**
 * "A <type> B" read as "A depends on B". CONTAINS and the link types count: NTIA's dependency relationship is
 * "X is included in Y", which is what SPDX generators state with CONTAINS.
 */
const FORWARD = new Set([
  'DEPENDS_ON',
  'CONTAINS',
  'DYNAMIC_LINK',
  'STATIC_LINK',
  'HAS_DYNAMIC_LINK',
  'HAS_STATIC_LINK',
  'HAS_PREREQUISITE',
  'HAS_PROVIDED_DEPENDENCY',
  'HAS_OPTIONAL_DEPENDENCY',
]);

/** "A <type> B" read as "B depends on A". */
const REVERSE = new Set([
  'DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
  'BUILD_DEPENDENCY_OF',
  'DEV_DEPENDENCY_OF',
  'OPTIONAL_DEPENDENCY_OF',
  'PROVIDED_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
  'CONTAINED_BY',
  'PREREQUISITE_FOR',
]);

/** "dependsOn" → "DEPENDS_ON"; SPDX 2 names pass unchanged. */
export function spdxRelationType(type: string): string {
  return type.includes('_') || type === type.toUpperCase() ? type.toUpperCase() : type.replace(/([A-Z])/g, '_$1').toUpperCase();
}

/** Edges between packages only: files, snippets, external documents and NOASSERTION drop out. */
export function spdxDependencies(relations: readonly SpdxRelation[], packageIds: ReadonlySet<string>): SbomDependency[] {
  const graph = new DependencyGraph();
  for (const { from, type, to } of relations) {
    if (!packageIds.has(from) || !packageIds.has(to) || from === to) continue;
    if (FORWARD.has(type)) graph.addEdge(from, to);
    else if (REVERSE.has(type)) graph.addEdge(to, from);
  }
  return graph.list();
}

/**
 * The packages the document describes: its own list (documentDescribes / rootElement) plus DESCRIBES and DESCRIBED_BY
 * relationships of the document, restricted to packages, each once.
 */
export function describedPackages(
  documentIds: ReadonlySet<string>,
  stated: readonly string[],
  relations: readonly SpdxRelation[],
  packageIds: ReadonlySet<string>,
): string[] {
  const described = new Set<string>();
  for (const id of stated) if (packageIds.has(id)) described.add(id);
  for (const { from, type, to } of relations) {
    if (type === 'DESCRIBES' && documentIds.has(from) && packageIds.has(to)) described.add(to);
    if (type === 'DESCRIBED_BY' && documentIds.has(to) && packageIds.has(from)) described.add(from);
  }
  return [...described];
}
