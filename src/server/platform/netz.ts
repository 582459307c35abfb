import dns from "node:dns/promises";
import net from "node:net";

/**
 * Special-purpose ranges (RFC 6890 and its IANA registries) an outgoing connection must not reach
 * by default: "this network", private, shared, loopback, link-local, documentation, benchmarking,
 * reserved, multicast and broadcast. Kept in Node's `BlockList`, not parsed by hand.
 */
const GESPERRT = new net.BlockList();
for (const [netz, praefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  GESPERRT.addSubnet(netz, praefix, "ipv4");
GESPERRT.addAddress("255.255.255.255", "ipv4");
for (const [netz, praefix] of [
  // The unspecified address, loopback and the deprecated IPv4-compatible addresses.
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  GESPERRT.addSubnet(netz, praefix, "ipv6");

/**
 * True for addresses an outgoing connection must not reach by default (SSRF protection): every
 * special-purpose range of RFC 6890 for IPv4 and IPv6. An IPv4-mapped IPv6 address
 * (::ffff:0:0/96) is judged by the IPv4 address it carries (`BlockList` matches IPv4 rules
 * against it). Anything that is not an IP address counts as internal, so a caller can never pass
 * a name by mistake.
 */
export function istInternesZiel(adresse: string): boolean {
  const ohneZone = adresse.replace(/%.*$/, "");
  if (net.isIPv4(ohneZone)) return GESPERRT.check(ohneZone, "ipv4");
  if (net.isIPv6(ohneZone)) return GESPERRT.check(ohneZone, "ipv6");
  return true;
}

/** The answer of a name lookup, as `dns.promises.lookup(host, { all: true })` gives it. */
export type Aufloeser = (host: string) => Promise<{ address: string; family: number }[]>;

const systemAufloeser: Aufloeser = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Where an outgoing connection goes: the address that was checked, and the host name for TLS
 * (SNI and certificate check). Connect to `adresse`, never to the name again: a second lookup may
 * answer differently (DNS rebinding).
 */
export interface GeprueftesZiel {
  /** The checked IP address to connect to. */
  adresse: string;
  familie: 4 | 6;
  /** The name as configured, for TLS `servername`; undefined when the host is an IP address. */
  servername: string | undefined;
}

/**
 * Resolves a host once for an outgoing connection (IMAP, SMTP, webhooks) and checks every address
 * the resolver gave: one internal address refuses the host, unless an admin allowed this host
 * explicitly (AKTENWERK_ERLAUBTE_HOSTS). The caller connects to `adresse` with `servername`.
 */
export async function pruefeAusgehendenHost(
  host: string,
  erlaubt: string[],
  aufloesen: Aufloeser = systemAufloeser,
): Promise<GeprueftesZiel> {
  const name = host.replace(/^\[(.*)\]$/, "$1");
  const literal = net.isIP(name);
  const adressen = literal ? [{ address: name, family: literal }] : await aufloesen(name);
  if (adressen.length === 0) throw new Error(`Der Host ${host} ist nicht auflösbar.`);
  if (!erlaubt.includes(name.toLowerCase())) {
    const intern = adressen.find((a) => istInternesZiel(a.address));
    if (intern)
      throw new Error(
        `Verbindung zu ${host} (${intern.address}) verweigert: interne Adresse. Falls gewollt, in AKTENWERK_ERLAUBTE_HOSTS eintragen.`,
      );
  }
  const ziel = adressen[0]!;
  return {
    adresse: ziel.address,
    familie: ziel.family === 6 ? 6 : 4,
    servername: literal ? undefined : name,
  };
}
