/**
 * Where a webhook may point: only public internet addresses, so an organisation admin cannot make the server POST to
 * (and, through the delivery log's status codes, scan) the platform's own network — loopback, private and link-local
 * ranges, the cloud metadata address, multicast and the other reserved ranges. Checked when a webhook is registered
 * (the host as written) and again at every delivery (every address the name resolves to, then connecting to a vetted
 * address only, so a second DNS answer cannot swap it). ISAO_WEBHOOK_ALLOW_PRIVATE=1 lifts the address rule for
 * on-premises installs whose receivers are on the local network.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';

/** IPv4 ranges no webhook may reach (RFC 6890 special-purpose registry, plus multicast and the reserved 240/4). */
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address 255.255.255.255
];

/** IPv6 ranges inside global unicast (2000::/3, the only block allowed) that are still not public. */
const BLOCKED_V6: [string, number][] = [
  ['2001::', 32], // Teredo (tunnels to an IPv4 address of anyone's choosing)
  ['2001:2::', 48], // benchmarking
  ['2001:10::', 28], // ORCHID
  ['2001:20::', 28], // ORCHIDv2
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
];

function v4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inV4(ip: number, [base, bits]: [string, number]): boolean {
  if (bits === 0) return true;
  const shift = 32 - bits;
  return Math.floor(ip / 2 ** shift) === Math.floor(v4ToNumber(base) / 2 ** shift);
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included); null if it is not one. */
function v6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    if (isIP(tail[1]!) !== 4) return null;
    const n = v4ToNumber(tail[1]!);
    text = `${text.slice(0, tail.index)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
  return groups.some((g) => Number.isNaN(g)) ? null : groups;
}

function inV6(groups: number[], [base, bits]: [string, number]): boolean {
  const b = v6Groups(base)!;
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const shift = 16 - take;
    if (groups[i]! >> shift !== b[i]! >> shift) return false;
  }
  return true;
}

const embeddedV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/** True when the address (IPv4 or IPv6 text) is a public unicast address a webhook may be delivered to. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip.split('%')[0]!);
  if (family === 4) {
    const n = v4ToNumber(ip);
    return !BLOCKED_V4.some((range) => inV4(n, range));
  }
  if (family !== 6) return false;
  const g = v6Groups(ip);
  if (!g) return false;
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): judged as the IPv4 address.
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(5) && g[5] === 0xffff) return isPublicAddress(embeddedV4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return isPublicAddress(embeddedV4(g[6]!, g[7]!));
  // 6to4 (2002:aabb:ccdd::/48) reaches the IPv4 address it embeds.
  if (g[0] === 0x2002) return isPublicAddress(embeddedV4(g[1]!, g[2]!));
  // Only global unicast: this excludes ::, ::1, IPv4-compatible, fc00::/7, fe80::/10, fec0::/10, ff00::/8, 64:ff9b:1::/48, 100::/64.
  if (g[0]! >> 13 !== 0b001) return false;
  return !BLOCKED_V6.some((range) => inV6(g, range));
}

/** The host of a URL as a bare name or address (no IPv6 brackets, no trailing dot, lower case). */
export function urlHost(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** Why the URL's host is not allowed as written (a non-public address or a local name), or null. */
export function refusedHost(url: URL): string | null {
  const host = urlHost(url);
  if (host === '') return 'has no host';
  if (isIP(host) !== 0) return isPublicAddress(host) ? null : 'points to a private, loopback, link-local or reserved address';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'points to this server (localhost)';
  return null;
}

/** One answer of a name resolution. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** How delivery resolves host names; a test may replace `lookup`. */
export const webhookDns = {
  lookup: (host: string): Promise<ResolvedAddress[]> => dns.lookup(host, { all: true, verbatim: true }),
};

/** The error text of a delivery to a host that is (or resolves to) an address not allowed. */
export const ADDRESS_NOT_ALLOWED = 'address not allowed: the host is or resolves to a private, loopback, link-local or reserved address';

/**
 * The addresses a delivery may connect to: every address the host resolves to, when all of them are allowed (one
 * non-public answer refuses the delivery: a name answering both is a rebinding attempt or a misconfiguration).
 */
export async function vetDeliveryTarget(
  url: URL,
  allowPrivate: boolean,
): Promise<{ addresses: ResolvedAddress[]; error: null } | { addresses: null; error: string }> {
  const host = urlHost(url);
  const family = isIP(host);
  if (family !== 0) {
    if (!allowPrivate && !isPublicAddress(host)) return { addresses: null, error: ADDRESS_NOT_ALLOWED };
    return { addresses: [{ address: host, family }], error: null };
  }
  if (!allowPrivate && refusedHost(url) !== null) return { addresses: null, error: ADDRESS_NOT_ALLOWED };
  let answers: ResolvedAddress[];
  try {
    answers = await webhookDns.lookup(host);
  } catch (err) {
    const code = (err as { code?: string }).code;
    return { addresses: null, error: `could not resolve the host name${code ? ` (${code})` : ''}` };
  }
  if (answers.length === 0) return { addresses: null, error: 'could not resolve the host name' };
  if (!allowPrivate && answers.some((a) => !isPublicAddress(a.address))) return { addresses: null, error: ADDRESS_NOT_ALLOWED };
  return { addresses: answers, error: null };
}
