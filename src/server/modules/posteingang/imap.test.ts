import type { AddressInfo } from "node:net";
import hoodiecrow from "hoodiecrow-imap";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe } from "../../../../test/helpers/factories.js";
import { istInternesZiel } from "../../platform/netz.js";
import { holeImapPost } from "./imap.js";

let ctx: TestContext;
let server: ReturnType<typeof hoodiecrow>;
let port: number;

const mail = (betreff: string, text: string) =>
  `From: =?UTF-8?Q?Katrin_Schr=C3=B6der?= <k.schroeder@example.org>\r\nTo: bauaufsicht@landkreis.example\r\nSubject: ${betreff}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;

beforeAll(async () => {
  ctx = await createTestContext();
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  // hoodiecrow (an IMAP server for client tests) stands in for the county's mail server.
  server = hoodiecrow({
    plugins: ["ID", "UNSELECT", "ENABLE", "SPECIAL-USE"],
    storage: {
      INBOX: {
        messages: [
          { raw: mail("Nachreichung Lageplan", "Anbei der Lageplan."), flags: [] },
          { raw: mail("Schon gelesen", "alt"), flags: ["\\Seen"] },
        ],
      },
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.server.address() as AddressInfo).port;
});
/** Works on the test mailbox as another mail client would. */
async function mitPostfach<T>(arbeit: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: "127.0.0.1",
    port,
    secure: false,
    auth: { user: "testuser", pass: "testpass" },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock("INBOX");
    try {
      return await arbeit(client);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** Subject → flags of every message in the mailbox. */
const flaggen = () =>
  mitPostfach(async (client) => {
    const out: Record<string, string[]> = {};
    for await (const n of client.fetch("1:*", { envelope: true, flags: true }))
      out[n.envelope?.subject ?? ""] = [...(n.flags ?? [])].sort();
    return out;
  });

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await ctx.cleanup();
});

describe("E-Mail-Postfach (IMAP)", () => {
  it("refuses a mailbox on an internal address unless the admin allowed that host", async () => {
    ctx.config = {
      ...ctx.config,
      imap: [{ oe: "63", url: `imap://testuser:testpass@127.0.0.1:${port}/INBOX` }],
      erlaubteHosts: [],
    };
    const r = await holeImapPost(ctx);
    expect(r.aufgenommen).toBe(0);
    expect(r.fehler[0]).toMatch(/interne Adresse.*AKTENWERK_ERLAUBTE_HOSTS/);
  });

  it("takes unseen messages into the Posteingang once and flags them seen", async () => {
    ctx.config = { ...ctx.config, erlaubteHosts: ["127.0.0.1"] };
    expect(await holeImapPost(ctx)).toEqual({ aufgenommen: 1, fehler: [], gelaufen: true });
    expect(await holeImapPost(ctx)).toEqual({ aufgenommen: 0, fehler: [], gelaufen: true });
    const { rows } = await ctx.db.query<{
      kanal: string;
      dateiname: string;
      angaben: Record<string, string>;
      mime_typ: string;
    }>("SELECT kanal, dateiname, angaben, mime_typ FROM posteingang_eintrag");
    expect(rows).toEqual([
      {
        kanal: "email",
        dateiname: "Nachreichung Lageplan.eml",
        mime_typ: "message/rfc822",
        angaben: { absender: "Katrin Schröder", betreff: "Nachreichung Lageplan" },
      },
    ]);
  });

  it("takes a message once when the connection dies between intake and \\Seen: the next poll only flags it", async () => {
    ctx.config = { ...ctx.config, erlaubteHosts: ["127.0.0.1"] };
    await mitPostfach((client) =>
      client.append("INBOX", mail("Nachtrag Statik", "Die Statik folgt anbei."), []),
    );
    const eintraege = async () =>
      (
        await ctx.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM posteingang_eintrag WHERE angaben->>'betreff' = 'Nachtrag Statik'",
        )
      ).rows[0]!.n;
    // The message is in the Posteingang, then the connection breaks before it is flagged seen.
    const flag = vi
      .spyOn(ImapFlow.prototype, "messageFlagsAdd")
      .mockRejectedValueOnce(new Error("Verbindung abgebrochen"));
    try {
      const abgebrochen = await holeImapPost(ctx);
      expect(abgebrochen.aufgenommen).toBe(1);
      expect(abgebrochen.fehler).toEqual([expect.stringMatching(/Verbindung abgebrochen/)]);
    } finally {
      flag.mockRestore();
    }
    expect(await eintraege()).toBe(1);
    expect((await flaggen())["Nachtrag Statik"]).not.toContain("\\Seen");
    // The next poll finds it unseen again: it recognises the content, takes nothing, and flags it.
    expect(await holeImapPost(ctx)).toEqual({ aufgenommen: 0, fehler: [], gelaufen: true });
    expect(await eintraege()).toBe(1);
    expect((await flaggen())["Nachtrag Statik"]).toContain("\\Seen");
    expect(await holeImapPost(ctx)).toEqual({ aufgenommen: 0, fehler: [], gelaufen: true });
    expect(await eintraege()).toBe(1);
  });

  it("classifies internal addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "::ffff:127.0.0.1",
    ])
      expect(istInternesZiel(a), a).toBe(true);
    for (const a of ["93.184.216.34", "2a00:1450:4001:82b::200e"]) expect(istInternesZiel(a), a).toBe(false);
  });
});
