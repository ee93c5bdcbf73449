import { VersionSyntaxError } from './semver-like.ts';

// apk version grammar: 1.2.3[letter][_suffix[N]]...[~hash][-rN]. Suffix order from apk-tools.
const suffixRank: Record<string, number> = { alpha: -4, beta: -3, pre: -2, rc: -1, cvs: 1, svn: 2, git: 3, hg: 4, p: 5 };

interface AlpineVersion {
  numbers: string[];
  letter: string;
  suffixes: { rank: number; n: bigint }[];
  revision: bigint;
}

function parseAlpine(version: string): AlpineVersion {
  const m = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:~[0-9a-f]+)?(?:-r(\d+))?$/.exec(version.trim());
  if (!m) throw new VersionSyntaxError('Alpine', version);
  const suffixes = [...(m[3] ?? '').matchAll(/_([a-z]+)(\d*)/g)].map((s) => ({ rank: suffixRank[s[1]!]!, n: BigInt(s[2] || '0') }));
  return { numbers: m[1]!.split('.'), letter: m[2] ?? '', suffixes, revision: BigInt(m[4] ?? '0') };
}

/** Compares two Alpine (apk) package versions. */
export function compareAlpine(a: string, b: string): number {
  const x = parseAlpine(a);
  const y = parseAlpine(b);
  for (let k = 0; k < Math.max(x.numbers.length, y.numbers.length); k++) {
    const p = x.numbers[k];
    const q = y.numbers[k];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    // apk compares a part with a leading zero (after the first) as a decimal fraction.
    const fraction = k > 0 && (p.startsWith('0') || q.startsWith('0'));
    const d = fraction
      ? p.padEnd(q.length, '0') < q.padEnd(p.length, '0')
        ? -1
        : p.padEnd(q.length, '0') > q.padEnd(p.length, '0')
          ? 1
          : 0
      : Number(BigInt(p) - BigInt(q));
    if (d !== 0) return Math.sign(d);
  }
  if (x.letter !== y.letter) return x.letter < y.letter ? -1 : 1;
  for (let k = 0; k < Math.max(x.suffixes.length, y.suffixes.length); k++) {
    const p = x.suffixes[k] ?? { rank: 0, n: 0n };
    const q = y.suffixes[k] ?? { rank: 0, n: 0n };
    if (p.rank !== q.rank) return Math.sign(p.rank - q.rank);
    if (p.n !== q.n) return p.n < q.n ? -1 : 1;
  }
  return x.revision === y.revision ? 0 : x.revision < y.revision ? -1 : 1;
}
