/**
 * A fallback order for versions of no known scheme (and for vers "generic"): numbers compare as
 * numbers, letters as text, a release sorts after its pre-releases (1.0 > 1.0-rc1 > 1.0-beta).
 */
export function compareGeneric(a: string, b: string): number {
  const tokens = (v: string) =>
    v
      .trim()
      .replace(/^v(?=\d)/i, '')
      .toLowerCase()
      .match(/\d+|[a-z]+/g) ?? [];
  const pre = new Set(['dev', 'a', 'alpha', 'b', 'beta', 'pre', 'preview', 'rc', 'c', 'snapshot', 'm', 'milestone']);
  const x = tokens(a);
  const y = tokens(b);
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    const p = x[k];
    const q = y[k];
    // Missing parts count as zero (1.0 = 1.0.0); a missing part sorts after a pre-release tag.
    if (p === undefined) {
      if (/^0+$/.test(q!)) continue;
      return pre.has(q!) ? 1 : -1;
    }
    if (q === undefined) {
      if (/^0+$/.test(p)) continue;
      return pre.has(p) ? -1 : 1;
    }
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      const d = BigInt(p) - BigInt(q);
      if (d !== 0n) return d > 0n ? 1 : -1;
    } else if (pn !== qn) {
      return pn ? 1 : -1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return 0;
}
