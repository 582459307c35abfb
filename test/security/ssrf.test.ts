import type * as DnsPromises from "node:dns/promises";
import { beforeEach, describe, expect, it, vi } from "vitest";

// GHSA-7qqc (SSRF through a "test connection" action). Aktenwerk has no such action; its outgoing
// connections are IMAP (Posteingang) and SMTP (notifications), both behind platform/netz.ts.
// Each test here fails if the guard is removed or connects by name again (DNS rebinding).

const dnsAntworten: string[][] = [];
const dnsAufrufe: string[] = [];
vi.mock("node:dns/promises", async (original) => {
  const echt = await original<typeof DnsPromises>();
  const lookup = async (host: string, options: object) => {
    if (!host.endsWith(".rebind.test")) return echt.lookup(host, options as never);
    dnsAufrufe.push(host);
    const antwort = dnsAntworten.shift() ?? ["127.0.0.1"];
    return antwort.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { ...echt, default: { ...echt, lookup }, lookup };
});

const transportOptionen: Record<string, unknown>[] = [];
vi.mock("nodemailer", () => {
  const createTransport = (options: Record<string, unknown>) => {
    transportOptionen.push(options);
    return { sendMail: async () => ({}), close: () => undefined };
  };
  return { default: { createTransport }, createTransport };
});

const imapOptionen: Record<string, unknown>[] = [];
vi.mock("imapflow", () => ({
  ImapFlow: class {
    constructor(options: Record<string, unknown>) {
      imapOptionen.push(options);
    }
    async connect() {
      throw new Error("Testende: keine Verbindung");
    }
  },
}));

const { istInternesZiel, pruefeAusgehendenHost } = await import("../../src/server/platform/netz.js");
const { sendeMail } = await import("../../src/server/platform/mail.js");
const { holeAllePostfaecher } = await import("../../src/server/modules/posteingang/imap.js");
const { loadConfig } = await import("../../src/server/platform/config.js");
const { silentLogger } = await import("../../src/server/platform/logger.js");

beforeEach(() => {
  dnsAntworten.length = 0;
  dnsAufrufe.length = 0;
  transportOptionen.length = 0;
  imapOptionen.length = 0;
});

describe("GHSA-7qqc: SSRF guard for outgoing connections", () => {
  it("refuses every special-purpose range of RFC 6890, IPv4 and IPv6, mapped addresses by their IPv4", () => {
    const intern = [
      "0.0.0.0",
      "0.1.2.3",
      "10.1.2.3",
      "100.64.0.1",
      "100.127.255.254",
      "127.0.0.1",
      "127.255.255.254",
      "169.254.169.254",
      "172.16.0.1",
      "172.31.255.255",
      "192.0.0.8",
      "192.0.2.1",
      "192.88.99.1",
      "192.168.1.1",
      "198.18.0.1",
      "198.19.255.255",
      "198.51.100.7",
      "203.0.113.9",
      "224.0.0.1",
      "239.255.255.250",
      "240.0.0.1",
      "255.255.255.255",
      "::",
      "::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "0:0:0:0:0:ffff:a9fe:a9fe",
      "::ffff:10.0.0.1",
      "::ffff:0.0.0.0",
      "64:ff9b::7f00:1",
      "64:ff9b::5db8:d822",
      "100::1",
      "2001::1",
      "2001:1ff:ffff::1",
      "2001:db8::1",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "fe80::1%eth0",
      "febf::1",
      "ff02::1",
      "ff05::1:3",
      "kein-ip",
    ];
    for (const a of intern) expect(istInternesZiel(a), a).toBe(true);
    const extern = [
      "93.184.216.34",
      "1.1.1.1",
      "100.63.255.255",
      "100.128.0.0",
      "172.15.255.255",
      "172.32.0.0",
      "198.20.0.0",
      "223.255.255.255",
      "::ffff:93.184.216.34",
      "2a00:1450:4001:82b::200e",
      "2001:200::1",
      "2606:4700:4700::1111",
    ];
    for (const a of extern) expect(istInternesZiel(a), a).toBe(false);
  });

  it("refuses decimal, hex and octal spellings of loopback as the system resolver reads them", async () => {
    for (const host of [
      "2130706433",
      "0x7f.1",
      "0177.0.0.1",
      "127.1",
      "localhost",
      "[::1]",
      "::ffff:127.0.0.1",
    ])
      await expect(pruefeAusgehendenHost(host, []), host).rejects.toThrow(/interne Adresse/);
  });

  it("checks all answers: one internal address among public ones refuses the host", async () => {
    dnsAntworten.push(["93.184.216.34", "10.0.0.5"]);
    await expect(pruefeAusgehendenHost("gemischt.rebind.test", [])).rejects.toThrow(/10\.0\.0\.5/);
  });

  it("SMTP: a host resolving to loopback is refused before any transport exists", async () => {
    dnsAntworten.push(["127.0.0.1"]);
    const config = { ...loadConfig({}), smtpUrl: "smtp://mail.rebind.test:25", erlaubteHosts: [] };
    await expect(sendeMail(config, { an: "a@example.de", betreff: "x", text: "y" })).rejects.toThrow(
      /interne Adresse/,
    );
    expect(transportOptionen).toEqual([]);
  });

  it("SMTP: resolves once and connects to the checked address, the name only for TLS (rebinding)", async () => {
    // First answer public (checked), any later answer loopback: the transport must not ask again.
    dnsAntworten.push(["93.184.216.34"], ["127.0.0.1"]);
    const config = { ...loadConfig({}), smtpUrl: "smtps://mail.rebind.test", erlaubteHosts: [] };
    expect(await sendeMail(config, { an: "a@example.de", betreff: "x", text: "y" })).toBe(true);
    expect(dnsAufrufe).toEqual(["mail.rebind.test"]);
    expect(transportOptionen[0]).toMatchObject({ host: "93.184.216.34", servername: "mail.rebind.test" });
  });

  it("IMAP: connects to the checked address with the name as TLS servername; loopback refused", async () => {
    dnsAntworten.push(["93.184.216.34"], ["127.0.0.1"]);
    const ctx = {
      log: silentLogger,
      config: {
        ...loadConfig({}),
        imap: [{ oe: "63", url: "imaps://u:p@imap.rebind.test/INBOX" }],
        erlaubteHosts: [],
      },
    } as unknown as Parameters<typeof holeAllePostfaecher>[0];
    const ergebnis = await holeAllePostfaecher(ctx);
    expect(ergebnis.fehler.join(" ")).toMatch(/Testende/);
    expect(dnsAufrufe).toEqual(["imap.rebind.test"]);
    expect(imapOptionen[0]).toMatchObject({ host: "93.184.216.34", servername: "imap.rebind.test" });

    imapOptionen.length = 0;
    dnsAntworten.push(["127.0.0.1"]);
    const verweigert = await holeAllePostfaecher(ctx);
    expect(verweigert.fehler.join(" ")).toMatch(/interne Adresse/);
    expect(imapOptionen).toEqual([]);
  });
});
