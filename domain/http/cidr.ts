/**
 * IP addresses and CIDR ranges for the dashboard's allow-list, IPv4 and IPv6, pure.
 * An address is a 128-bit number: IPv4 lives in the IPv4-mapped range ::ffff:0:0/96,
 * so `10.0.0.0/8` matches both `10.1.2.3` and `::ffff:10.1.2.3` (what a dual-stack
 * socket reports for an IPv4 client).
 */
export interface IpAddress { value: bigint; isV4: boolean }
export interface CidrRange { text: string; network: bigint; prefixBits: number }

const V4_MAPPED_PREFIX = 0xffffn << 32n;
const ALL_ONES_128 = (1n << 128n) - 1n;

function parseV4Octets(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    // no leading zeros: "010" is octal to some parsers and decimal to others
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    value = (value << 8n) | BigInt(p);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let s = text;
  if (s.includes('.')) {
    // an embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two 16-bit groups
    const lastColon = s.lastIndexOf(':');
    const v4 = parseV4Octets(s.slice(lastColon + 1));
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (h: string) => (h === '' ? [] : h.split(':'));
  const left = groupsOf(halves[0]!);
  const right = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

/** Parse an IPv4 or IPv6 address (no zone id, no brackets); null when it is not one. */
export function parseIp(text: string): IpAddress | null {
  const s = text.trim();
  if (s.includes(':')) {
    const value = parseV6(s);
    return value === null ? null : { value, isV4: false };
  }
  const v4 = parseV4Octets(s);
  return v4 === null ? null : { value: V4_MAPPED_PREFIX | v4, isV4: true };
}

function maskOf(prefixBits: number): bigint {
  return prefixBits === 0 ? 0n : (ALL_ONES_128 << BigInt(128 - prefixBits)) & ALL_ONES_128;
}

/**
 * Parse `a.b.c.d/n` (n 0-32) or `x::y/n` (n 0-128); a bare address is a single host.
 * Host bits set below the prefix (10.1.2.3/8) are refused: the entry is most likely a typo.
 */
export function parseCidr(text: string): { ok: true; range: CidrRange } | { ok: false; reason: string } {
  const s = text.trim();
  const [addrText, prefixText, extra] = s.split('/');
  if (extra !== undefined) return { ok: false, reason: 'has more than one "/"' };
  const addr = parseIp(addrText ?? '');
  if (!addr) return { ok: false, reason: 'is not an IPv4 or IPv6 address' };
  const maxBits = addr.isV4 ? 32 : 128;
  if (prefixText !== undefined && !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return { ok: false, reason: 'has a prefix length that is not a number' };
  const bits = prefixText === undefined ? maxBits : Number(prefixText);
  if (bits > maxBits) return { ok: false, reason: `has a prefix length above ${maxBits}` };
  const prefixBits = addr.isV4 ? 96 + bits : bits;
  const mask = maskOf(prefixBits);
  if ((addr.value & mask) !== addr.value) return { ok: false, reason: 'has host bits set below the prefix length (did you mean the network address?)' };
  return { ok: true, range: { text: s, network: addr.value, prefixBits } };
}

/** Whether `ip` lies in `range`. */
export function isIpInRange(ip: IpAddress, range: CidrRange): boolean {
  return (ip.value & maskOf(range.prefixBits)) === range.network;
}

/** Whether `ipText` lies in any of `ranges`; an unparsable address is in none. */
export function isIpAllowed(ipText: string, ranges: readonly CidrRange[]): boolean {
  const ip = parseIp(ipText);
  return ip !== null && ranges.some((r) => isIpInRange(ip, r));
}
