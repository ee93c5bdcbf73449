// RPM version comparison (rpmvercmp) over [epoch:]version[-release].

/** Splits an RPM EVR string. */
export function parseRpm(evr: string): { epoch: number; version: string; release: string } {
  const v = evr.trim();
  const m = /^(\d+):(.*)$/.exec(v);
  const epoch = m ? Number(m[1]) : 0;
  const rest = m ? m[2]! : v;
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) } : { epoch, version: rest, release: '' };
}

/** rpmvercmp: alternating numeric and alphabetic segments; '~' sorts before all, '^' after the base. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const isAlnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
  for (;;) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = /\d/.test(a[i]!);
    const seg = numeric ? /^\d+/ : /^[A-Za-z]+/;
    const sa = seg.exec(a.slice(i))?.[0] ?? '';
    const sb = seg.exec(b.slice(j))?.[0] ?? '';
    if (sb === '') return numeric ? 1 : -1; // a numeric segment beats an alphabetic one
    i += sa.length;
    j += sb.length;
    if (numeric) {
      const na = sa.replace(/^0+/, '');
      const nb = sb.replace(/^0+/, '');
      if (na.length !== nb.length) return na.length > nb.length ? 1 : -1;
      if (na !== nb) return na > nb ? 1 : -1;
    } else if (sa !== sb) {
      return sa > sb ? 1 : -1;
    }
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Compares two RPM EVR strings; a missing release matches any release of the same version. */
export function compareRpm(a: string, b: string): number {
  const x = parseRpm(a);
  const y = parseRpm(b);
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0 || x.release === '' || y.release === '') return v;
  return rpmvercmp(x.release, y.release);
}
