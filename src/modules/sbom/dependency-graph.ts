/** Collects dependency edges by ref, without duplicates, in linear time. */
import type { SbomDependency } from './sbom.types.ts';

/** An edge list being built: ref → the refs it depends on, in first-seen order. */
export class DependencyGraph {
  private readonly edges = new Map<string, string[]>();
  /** "from\0to" of edges added one at a time (SPDX), so a hub with many edges is not searched per edge. */
  private readonly seen = new Set<string>();

  /** States the dependencies of one ref (CycloneDX `dependencies[]`), taking ownership of the array; repeats are merged. */
  add(ref: string, dependsOn: string[]): void {
    const existing = this.edges.get(ref);
    if (!existing) {
      this.edges.set(ref, dependsOn.length > 1 ? unique(dependsOn) : dependsOn);
      return;
    }
    const present = new Set(existing);
    for (const target of dependsOn) {
      if (!present.has(target)) {
        present.add(target);
        existing.push(target);
      }
    }
  }

  /** Adds one edge "from depends on to". */
  addEdge(from: string, to: string): void {
    const key = `${from}\u0000${to}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const existing = this.edges.get(from);
    if (existing) existing.push(to);
    else this.edges.set(from, [to]);
  }

  /** Refs named by the graph (either end) that `isKnown` rejects, each once. */
  refsOutside(isKnown: (ref: string) => boolean): string[] {
    const unknown = new Set<string>();
    for (const [ref, targets] of this.edges) {
      if (!isKnown(ref)) unknown.add(ref);
      for (const target of targets) if (!isKnown(target)) unknown.add(target);
    }
    return [...unknown];
  }

  /** The graph as SbomDependency entries. */
  list(): SbomDependency[] {
    const out: SbomDependency[] = [];
    for (const [ref, dependsOn] of this.edges) out.push({ ref, dependsOn });
    return out;
  }
}

/** The array without repeats, first occurrences kept; small arrays (the usual case) without a Set. */
function unique(list: string[]): string[] {
  if (list.length <= 16)
    return list.every((item, i) => list.indexOf(item) === i) ? list : list.filter((item, i) => list.indexOf(item) === i);
  return [...new Set(list)];
}
