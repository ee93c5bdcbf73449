// Debian version comparison, as dpkg does it (deb-version(7)): [epoch:]upstream[-revision].

/** Splits a Debian version into epoch, upstream version and revision. */
export function parseDebian(version: string): { epoch: number; upstream: string; revision: string } {
  const v = version.trim();
  const colon = v.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0;
  const rest = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: '' };
}

// dpkg's character order: '~' before everything (even the end), then the end, then letters, then the rest.
function order(ch: string | undefined): number {
  if (ch === undefined) return 0;
  if (ch === '~') return -1;
  if (/[A-Za-z]/.test(ch)) return ch.charCodeAt(0);
  return ch.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp on one part (upstream or revision). */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const ac = i < a.length && !/\d/.test(a[i]!) ? a[i] : undefined;
      const bc = j < b.length && !/\d/.test(b[j]!) ? b[j] : undefined;
      const d = order(ac) - order(bc);
      if (d !== 0) return Math.sign(d);
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && /\d/.test(a[i]!) && j < b.length && /\d/.test(b[j]!)) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /\d/.test(a[i]!)) return 1;
    if (j < b.length && /\d/.test(b[j]!)) return -1;
    if (firstDiff !== 0) return Math.sign(firstDiff);
  }
  return 0;
}

/** Compares two Debian versions: negative, zero or positive. */
export function compareDebian(a: string, b: string): number {
  const x = parseDebian(a);
  const y = parseDebian(b);
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  return compareFragment(x.upstream, y.upstream) || compareFragment(x.revision, y.revision);
}
