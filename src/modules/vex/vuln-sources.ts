/** Which database an advisory id comes from, for the references and ids the VEX formats carry. */
import type { VexFinding } from './vex-subject.ts';

/** A vulnerability database as the formats name it. */
export interface VulnSource {
  name: string;
  url: string;
}

const CVE = /^CVE-\d{4}-\d{4,}$/;

/** True for a well-formed CVE id. */
export function isCve(id: string): boolean {
  return CVE.test(id);
}

/** The database of an id where its prefix says it plainly (CVE → NVD, GHSA → GitHub, GO → Go, PYSEC → PyPA, else OSV). */
export function sourceOf(id: string): VulnSource {
  if (isCve(id)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (id.startsWith('GHSA-')) return { name: 'GitHub', url: `https://github.com/advisories/${id}` };
  if (id.startsWith('GO-')) return { name: 'Go Vulnerability Database', url: `https://pkg.go.dev/vuln/${id}` };
  if (id.startsWith('PYSEC-')) return { name: 'PyPA Advisory Database', url: `https://osv.dev/vulnerability/${id}` };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` };
}

/** The finding's own ids other than its key (the record id and its aliases), key first left out, in a stable order. */
export function aliasesOf(f: Pick<VexFinding, 'vulnKey' | 'vulnerability'>): string[] {
  return [...new Set([f.vulnerability.id, ...f.vulnerability.aliases])].filter((id) => id !== f.vulnKey).sort();
}
