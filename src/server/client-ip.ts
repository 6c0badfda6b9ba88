/**
 * Who is asking: the client's address behind zero or more reverse proxies, and the key the flood
 * limits count by (an IPv4 address, or an IPv6 address's /64 prefix).
 *
 * Forwarded headers are read only from peers the operator said to trust (`TRUST_PROXY`), and only
 * the one header their proxy writes (`PROXY_HEADER`): a proxy that appends to `X-Forwarded-For`
 * passes a client's own `Forwarded` header through untouched (and the other way round), so reading
 * both would let any client choose its address.
 *
 * Subnet matching is Node's `net.BlockList` (IPv4 and IPv6 subnets, IPv4-mapped IPv6 included);
 * no package needed. What BlockList does not do, reading the headers and normalizing addresses, is
 * here.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export type ProxyHeader = 'x-forwarded-for' | 'forwarded';

export interface ProxyTrust {
  /** The setting in words, for the start banner. */
  readonly description: string;
  /** The one forwarded header read (from trusted peers only). */
  readonly header: ProxyHeader;
  /**
   * Whether the `hop`th address of the chain (0: the TCP peer, 1: the last forwarded entry, …) is a
   * trusted proxy, whose own forwarded entry is believed.
   */
  trusts(address: string, hop: number): boolean;
  /** Whether connections from this peer are a proxy's (not counted per client). */
  isProxy(peer: string): boolean;
}

/** Trusts nothing: the TCP peer is the client, forwarded headers are ignored (the default). */
export const TRUST_NOTHING: ProxyTrust = {
  description: 'none (forwarded headers ignored)',
  header: 'x-forwarded-for',
  trusts: () => false,
  isProxy: () => false,
};

/**
 * Reads `TRUST_PROXY`: empty (trust nothing), a hop count (`1`: the peer is the proxy, whatever its
 * address; use it only when the server cannot be reached except through the proxy), or a comma list
 * of addresses and CIDR subnets (`127.0.0.1,10.0.0.0/8,::1`). Throws with a readable message.
 */
export function parseTrustProxy(setting: string | undefined, header: ProxyHeader = 'x-forwarded-for'): ProxyTrust {
  const text = (setting ?? '').trim();
  if (!text) return TRUST_NOTHING;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops === 0) return TRUST_NOTHING;
    if (hops > 16) throw new Error(`TRUST_PROXY hop count must be 0-16, got "${text}"`);
    return {
      description: `${hops} hop${hops === 1 ? '' : 's'} (${header})`,
      header,
      trusts: (_address, hop) => hop < hops,
      isProxy: () => true,
    };
  }
  const list = new BlockList();
  for (const entry of text.split(',').map((part) => part.trim())) {
    const [address = '', prefix, extra] = entry.split('/');
    // Plain addresses only: no brackets, ports or zones in a subnet list.
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) && !address.includes('%') ? 'ipv6' : null;
    const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!family || extra !== undefined || Number.isNaN(bits) || (bits !== null && bits > (family === 'ipv4' ? 32 : 128))) {
      throw new Error(`TRUST_PROXY is a hop count (1) or a comma list of addresses and subnets (127.0.0.1,10.0.0.0/8,::1), got "${entry}"`);
    }
    if (bits !== null) list.addSubnet(address, bits, family);
    else {
      // One address is matched in its normal form (an IPv4-mapped one as IPv4), as addresses are checked.
      const normal = normalizeAddress(address)!;
      list.addAddress(normal, isIPv4(normal) ? 'ipv4' : 'ipv6');
    }
  }
  const inList = (address: string) => {
    const normal = normalizeAddress(address);
    return normal !== null && list.check(normal, isIPv4(normal) ? 'ipv4' : 'ipv6');
  };
  return { description: `${text} (${header})`, header, trusts: inList, isProxy: inList };
}

/**
 * The client's address: the TCP `peer`, or, when the peer is a trusted proxy, the forwarded chain
 * walked right to left past trusted addresses (the first untrusted one is the client; when all are
 * trusted, the furthest). `header` is the value of `trust.header`, if any. Normalized
 * (`normalizeAddress`); `unknown` when the peer's address is not known.
 */
export function clientAddress(peer: string | undefined, header: string | undefined, trust: ProxyTrust): string {
  let current = (peer && normalizeAddress(peer)) ?? null;
  if (current === null) return 'unknown';
  if (!trust.trusts(current, 0) || !header) return current;
  const chain = (trust.header === 'forwarded' ? forwardedFor(header) : header.split(',')).reverse();
  for (let hop = 1; hop <= chain.length; hop++) {
    const next = normalizeAddress(chain[hop - 1]!.trim());
    // A trusted proxy wrote this entry, but not as an address (`unknown`, an obfuscated `_name`):
    // the proxy's own address stands for the client rather than text nobody can check.
    if (next === null) return current;
    current = next;
    if (!trust.trusts(current, hop)) return current;
  }
  return current;
}

/**
 * The key the flood limits count by: an IPv4 address as it is, an IPv6 address by its /64 prefix
 * (one host usually holds a whole /64, so counting single IPv6 addresses would give it 2^64 tries).
 */
export function senderKey(address: string): string {
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/**
 * An address as one spelling: IPv4 as is; IPv6 as its eight groups (`2001:db8:0:0:0:0:0:1`), without
 * zone, and an IPv4-mapped one (`::ffff:192.0.2.1`) as its IPv4 address; brackets and a port (`[::1]:80`, `192.0.2.1:80`, as some
 * proxies write them) dropped. `null` for anything that is not an address.
 */
export function normalizeAddress(text: string): string | null {
  let value = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = value.replace(/%[\w.-]+$/, '').toLowerCase();
  if (isIPv4(value)) return value;
  if (!isIPv6(value)) return null;
  const groups = expandIPv6(value);
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const [high, low] = [parseInt(groups[6]!, 16), parseInt(groups[7]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return groups.join(':');
}

/** The eight groups of a valid IPv6 address, each without leading zeros (`2001:db8:0:0:0:0:0:1`). */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}

/**
 * The `for=` values of a `Forwarded` header (RFC 7239), in order; an element without one counts
 * as an entry that is not an address. Quoted strings may hold commas and semicolons.
 */
export function forwardedFor(header: string): string[] {
  const result: string[] = [];
  let element: string | null = null;
  let i = 0;
  const n = header.length;
  while (i <= n) {
    // One parameter: token "=" (token / quoted-string).
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
    let name = '';
    while (i < n && !'=;,'.includes(header[i]!)) name += header[i++];
    let value = '';
    if (header[i] === '=') {
      i++;
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\') i++;
          if (i < n) value += header[i++];
        }
        i++; // the closing quote
      }
      while (i < n && header[i] !== ';' && header[i] !== ',') value += header[i++];
    }
    if (name.trim().toLowerCase() === 'for' && element === null) element = value.trim();
    if (i >= n || header[i] === ',') {
      result.push(element ?? '');
      element = null;
    }
    i++;
  }
  return result;
}
