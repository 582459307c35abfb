import type { AddressInfo } from "node:net";
import hoodiecrow from "hoodiecrow-imap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    expect(await holeImapPost(ctx)).toEqual({ aufgenommen: 1, fehler: [] });
    expect(await holeImapPost(ctx)).toEqual({ aufgenommen: 0, fehler: [] });
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
