import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { ManualClock } from "../../platform/clock.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import {
  akteurVon,
  createOe,
  createUser,
  login,
  neueAkte,
  neuesApiToken,
  neuesDokument,
  neuerVorgang,
  type Session,
} from "../../../../test/helpers/factories.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { kennzahlenSchriftgut } from "./kennzahlen.repository.js";

const UA = {
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  androidTablet:
    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  chrome:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
};

// 23:00 in Berlin: the day of a view is the county's, not UTC's.
const clock = new ManualClock("2026-03-02T22:00:00Z");
let ctx: TestContext;
let app: FastifyInstance;
const oe: Record<string, string> = {};
const s: Record<string, Session> = {};
let dokumentId: string;
let token: string;

/** Opens the Dokument's page as the web client does (GET /dokumente/:id) from a device. */
async function oeffne(wer: Session | "token", userAgent: string) {
  const r = await app.inject({
    method: "GET",
    url: `/api/v1/dokumente/${dokumentId}`,
    headers: {
      ...(wer === "token" ? { authorization: `Bearer ${token}` } : { cookie: wer.cookie }),
      "user-agent": userAgent,
    },
  });
  expect(r.statusCode, r.body).toBe(200);
}

type Zeile = Awaited<ReturnType<typeof kennzahlenSchriftgut>>[number];
const unterwegs = (werte: Zeile[], tag: string, kuerzel: string) =>
  werte.find((w) => w.kennzahl === "dokumente.unterwegs" && w.tag === tag && w.oeId === oe[kuerzel]);

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  for (const kuerzel of ["63", "51", "11"]) oe[kuerzel] = (await createOe(ctx, { kuerzel })).id;
  await importTestAktenplan(ctx);
  // sb works in the Bauaufsicht and the Jugendamt, sb2 only in the Bauaufsicht.
  const sb = await createUser(ctx, {
    benutzername: "sb",
    rollen: [
      { oe: "63", rolle: "Sachbearbeitung" },
      { oe: "51", rolle: "Sachbearbeitung" },
    ],
  });
  await createUser(ctx, { benutzername: "sb2", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  const akteur = await akteurVon(ctx, sb);
  const akte = await neueAkte(ctx, akteur, { federfuehrendeOe: "63" });
  const vorgang = await neuerVorgang(ctx, akteur, akte.id);
  dokumentId = (await neuesDokument(ctx, akteur, vorgang.id, { dateiname: "antrag.txt", inhalt: "Antrag" }))
    .id;
  token = await neuesApiToken(ctx, "sb2", "lesen");
  app = await buildApp(ctx);
  s.sb = await login(app, "sb");
  s.sb2 = await login(app, "sb2");
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("Kennzahl dokumente.unterwegs", () => {
  it("counts each opened Dokument per OE of the viewer and day, and how many came from a phone or tablet", async () => {
    await oeffne(s.sb!, UA.iphone);
    await oeffne(s.sb!, UA.androidTablet);
    await oeffne(s.sb2!, UA.chrome);
    await oeffne(s.sb2!, "");
    // Not a person looking: a script with an API token, even when it claims to be a phone.
    await oeffne("token", UA.iphone);
    // Changing the Dokument answers with it, but nobody opened it.
    const r = await app.inject({
      method: "PATCH",
      url: `/api/v1/dokumente/${dokumentId}`,
      headers: { ...s.sb2!.headers, "user-agent": UA.iphone },
      payload: { titel: "Antrag auf Baugenehmigung" },
    });
    expect(r.statusCode, r.body).toBe(200);
    // Half past midnight in Berlin: the next day.
    clock.set("2026-03-02T23:30:00Z");
    await oeffne(s.sb2!, UA.iphone);

    const werte = await kennzahlenSchriftgut(ctx.db, "2026-03-02", "2026-03-03", "2026-03-04");
    // Bauaufsicht, 2 March: sb on a phone and a tablet, sb2 on a desktop and an unknown device.
    expect(unterwegs(werte, "2026-03-02", "63")).toMatchObject({ anzahl: 4, summe: 2 });
    // Jugendamt: only sb, both times on the go.
    expect(unterwegs(werte, "2026-03-02", "51")).toMatchObject({ anzahl: 2, summe: 2 });
    expect(unterwegs(werte, "2026-03-03", "63")).toMatchObject({ anzahl: 1, summe: 1 });
    expect(unterwegs(werte, "2026-03-03", "51")).toBeUndefined();
    expect(unterwegs(werte, "2026-03-02", "11")).toBeUndefined();
  });

  it("keeps counts only: no person, no Dokument, no User-Agent", async () => {
    const { rows } = await ctx.db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'dokument_ansicht_tag' ORDER BY column_name",
    );
    expect(rows.map((r) => r.column_name)).toEqual(["ansichten", "oe_id", "tablet", "tag", "telefon"]);
    // Opening a Dokument writes nothing to the Protokoll (the Akte is not restricted).
    const { rows: eintraege } = await ctx.db.query(
      "SELECT 1 FROM protokoll WHERE objekt_id = $1 AND aktion LIKE '%gelesen%'",
      [dokumentId],
    );
    expect(eintraege).toHaveLength(0);
  });
});
