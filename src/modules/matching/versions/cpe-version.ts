// Versions in CPE names and NVD ranges come from every kind of vendor. Numbers compare as numbers; the words that
// mean a pre-release (alpha, beta, rc, …) sort before the release; any other letters are a later patch level, as in
// OpenSSL 1.0.1g, NTP 4.2.8p15 or VxWorks 6.9.4.11: "1.0.1f" < "1.0.1g" and "1.0.1" < "1.0.1a".
const preRelease = new Set(['dev', 'alpha', 'beta', 'pre', 'preview', 'rc', 'cr', 'snapshot', 'milestone', 'm']);

const tokens = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/^v(?=\d)/, '')
    .match(/\d+|[a-z]+/g) ?? [];

/** Compares two versions from CPE names or NVD configurations: negative, zero or positive. */
export function compareCpeVersions(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    const p = x[k];
    const q = y[k];
    if (p === q) continue;
    if (p === undefined) return preRelease.has(q!) ? 1 : /^0+$/.test(q!) ? 0 : -1;
    if (q === undefined) return preRelease.has(p) ? -1 : /^0+$/.test(p) ? 0 : 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      const d = Number(p) - Number(q);
      if (d !== 0) return Math.sign(d);
      continue;
    }
    // A number against a word: the pre-release word sorts lower, a patch letter sorts higher than the next number part.
    if (pn !== qn) return pn ? (preRelease.has(q) ? 1 : -1) : preRelease.has(p) ? -1 : 1;
    const pp = preRelease.has(p);
    const qp = preRelease.has(q);
    if (pp !== qp) return pp ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}
