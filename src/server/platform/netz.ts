import { lookup } from "node:dns/promises";
import net from "node:net";

/** True for addresses an outgoing connection must not reach by default (SSRF protection). */
export function istInternesZiel(adresse: string): boolean {
  if (net.isIPv4(adresse)) {
    const [a, b] = adresse.split(".").map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = adresse.toLowerCase();
  if (v6.startsWith("::ffff:")) return istInternesZiel(v6.slice(7));
  return (
    v6 === "::1" ||
    v6 === "::" ||
    v6.startsWith("fe8") ||
    v6.startsWith("fe9") ||
    v6.startsWith("fea") ||
    v6.startsWith("feb") ||
    v6.startsWith("fc") ||
    v6.startsWith("fd")
  );
}

/**
 * Checks a host before an outgoing connection (IMAP, SMTP, webhooks): after DNS resolution, no
 * loopback, link-local or private address, unless the admin allowed this host explicitly.
 */
export async function pruefeAusgehendenHost(host: string, erlaubt: string[]): Promise<void> {
  if (erlaubt.includes(host.toLowerCase())) return;
  const adressen = await lookup(host, { all: true });
  const intern = adressen.find((a) => istInternesZiel(a.address));
  if (intern) {
    throw new Error(
      `Verbindung zu ${host} (${intern.address}) verweigert: interne Adresse. Falls gewollt, in AKTENWERK_ERLAUBTE_HOSTS eintragen.`,
    );
  }
}
